import type { FaultPlan } from "./fault-types.js";

/** A plan that never injects anything: every request is answered at once and pages are served as they are. */
export const noFaults: FaultPlan = {
  decide: () => ({ latencyMs: 0, action: { kind: "none" } }),
  pageFaults: () => ({ duplicateFromPrevious: 0, outOfOrder: false, changesBetweenReads: false, malformedRecords: [] }),
};
