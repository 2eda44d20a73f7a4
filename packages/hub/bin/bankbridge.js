#!/usr/bin/env node
// Committed entry point: it exists before the first build, so `npm ci` links `bankbridge` into
// node_modules/.bin (npm only links bin targets that exist at install time).
import "../dist/cli/main.js";
