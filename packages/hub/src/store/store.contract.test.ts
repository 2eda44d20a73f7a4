import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AccountId, type CurrencyCode, type Entry, type IsoDate, parseMoney, type Statement, type TenantId } from "../core/index.js";
import { generateStatements } from "../testing/statements.js";
import type { Store, StoredTransaction } from "./store.js";
import { dialects, type RawSql } from "./test-support/dialects.js";

const DIALECTS = await dialects();
// Said out loud so a CI log shows which databases the contract suite really ran on.
console.info(
  `store contract suite dialects: ${DIALECTS.map((d) => `${d.label}${d.unavailable === undefined ? "" : " (skipped)"}`).join(", ")}`,
);
const T = "acme" as TenantId;
const OTHER = "globex" as TenantId;
const EUR = "EUR" as CurrencyCode;
const D = (s: string) => s as IsoDate;

function entry(amount: string, extra: Partial<Entry> = {}): Entry {
  return {
    amount: parseMoney(amount, "EUR"),
    status: "booked",
    reversal: false,
    bookingDate: D("2024-03-01"),
    valueDate: D("2024-03-01"),
    details: [],
    ...extra,
  };
}

function statement(entries: Entry[], extra: Partial<Statement> = {}): Statement {
  return {
    kind: "statement",
    account: {
      id: "DE89370400440532013000",
      scheme: "iban",
      currency: EUR,
      bank: { bic: "COBADEFFXXX" as never, name: "Commerzbank" },
      holderName: "Acme GmbH",
    },
    balances: [],
    entries,
    ...extra,
  };
}

/** The stored entry JSON of a transaction that must exist. */
function entryOf<T>(t: StoredTransaction | undefined): T {
  if (t === undefined) throw new Error("transaction not found");
  return t.entry as T;
}

for (const dialect of DIALECTS) {
  if (dialect.unavailable !== undefined) console.warn(`store contract suite on ${dialect.label} SKIPPED: ${dialect.unavailable}`);

  describe.skipIf(dialect.unavailable !== undefined)(`store on ${dialect.label}`, () => {
    let store: Store;
    let raw: RawSql;
    let drop: () => Promise<void>;
    let tick = Date.parse("2024-06-01T00:00:00Z");

    beforeAll(async () => {
      const opened = await dialect.open({
        now: () => {
          tick += 1000;
          return new Date(tick);
        },
      });
      store = opened.store;
      raw = opened.raw;
      drop = opened.drop;
      await store.tenants.ensure(T, "Acme");
      await store.tenants.ensure(OTHER, "Globex");
    });
    afterAll(async () => {
      await drop?.();
    });

    /** A fresh account number per test, so tests share one database without seeing each other. */
    let accountSeq = 0;
    const freshAccount = () => `ACC${dialect.label}${++accountSeq}`;
    const onAccount = (number: string, s: Statement): Statement => ({ ...s, account: { ...s.account, id: number, scheme: "other" } });

    describe("#migrateToLatest", () => {
      it("applies nothing the second time", async () => {
        const again = await store.migrateToLatest();
        expect(again.applied).toEqual([]);
        expect(again.current).toBe("0004-source-positions");
      });

      it("0002 puts the entry's date in front of fingerprints stored before it, so re-importing finds them", async () => {
        const number = freshAccount();
        const pending = entry("-80.00", { bookingDate: undefined, valueDate: D("2024-03-10"), status: "pending" });
        const withRef = (e: Entry, ref: string): Entry => ({ ...e, references: { accountServicerReference: ref } });
        const imports = [
          statement([
            entry("10.00"),
            entry("10.00"), // the same facts twice: occurrences .0 and .1
            entry("-4.20", { bookingDate: undefined, valueDate: D("2024-03-04"), status: "pending" }),
            entry("25.00", { bookingDate: D("2024-03-06"), valueDate: D("2024-03-05") }),
            entry("7.00", { bookingDate: D("2024-03-07"), valueDate: undefined }),
            entry("3.00", { bookingDate: undefined, valueDate: undefined }),
            withRef(entry("99.00"), "A1"),
            withRef(pending, "P1"),
          ]),
          // The same facts as A1 under another bank id: a second transaction, moved to occurrence .1 in the store.
          statement([withRef(entry("99.00"), "A2")]),
          // P1 booked a day after its value date: updated through the bank's id, its key stays the pending one's.
          statement([withRef({ ...pending, status: "booked", bookingDate: D("2024-03-11") }, "P1")]),
        ].map((s) => onAccount(number, s));
        // Another account's keys, already dated when the migration runs again: they must stay as they are.
        const other = await store.ingest({
          tenantId: T,
          statements: [onAccount(freshAccount(), statement([entry("1.00")]))],
          source: "test",
        });
        const otherKeys = async () =>
          (await raw(`SELECT fingerprint FROM transactions WHERE account_id = ${Number(other.accounts[0])}`)).map((r) =>
            String(r.fingerprint),
          );
        const otherBefore = await otherKeys();
        expect(otherBefore).toHaveLength(1);
        const first = [];
        for (const s of imports) first.push(await store.ingest({ tenantId: T, statements: [s], source: "test" }));
        expect(first.map((r) => [r.added, r.updated])).toEqual([
          [8, 0],
          [1, 0],
          [0, 1],
        ]);
        const account = Number(first[0]?.accounts[0]);
        const keys = async () =>
          (await raw(`SELECT fingerprint FROM transactions WHERE account_id = ${account} ORDER BY id`)).map((r) => String(r.fingerprint));
        const dated = await keys();
        expect(dated.map((k) => k.replace(/:[A-Za-z0-9_-]{22}\./, ":#."))).toEqual([
          "2024-03-01:#.0",
          "2024-03-01:#.1",
          "2024-03-04:#.0",
          "2024-03-05:#.0", // the value date leads, not the booking date
          "2024-03-07:#.0",
          ":#.0",
          "2024-03-01:#.0",
          "2024-03-10:#.0",
          "2024-03-01:#.1",
        ]);

        // The keys as a database from before the migration holds them, and the migration not yet applied.
        const cut = dialect.name === "postgres" ? "strpos(fingerprint, ':')" : "instr(fingerprint, ':')";
        await raw(`UPDATE transactions SET fingerprint = substr(fingerprint, ${cut} + 1) WHERE account_id = ${account}`);
        // (0003 and 0004 came later, so they are taken back too: migrations apply in order.)
        await raw(
          "DELETE FROM kysely_migration WHERE name IN ('0002-dated-fingerprints', '0003-transaction-aliases', '0004-source-positions')",
        );
        await raw("DROP TABLE transaction_aliases");
        await raw("DROP INDEX ingest_runs_tenant_document");
        await raw("ALTER TABLE transactions DROP COLUMN source_position");
        expect((await keys()).every((k) => !k.includes(":"))).toBe(true);

        const migrated = await store.migrateToLatest();
        expect(migrated.applied).toEqual(["0002-dated-fingerprints", "0003-transaction-aliases", "0004-source-positions"]);
        expect(await keys()).toEqual(dated);
        // Keys that already had their date were left alone.
        expect(await otherKeys()).toEqual(otherBefore);

        // Everything found again: each document, and a copy of P1's pending state without the bank's id.
        for (const s of imports) {
          expect(await store.ingest({ tenantId: T, statements: [s], source: "test" })).toMatchObject({ added: 0 });
        }
        const copy = await store.ingest({ tenantId: T, statements: [onAccount(number, statement([pending]))], source: "test" });
        expect(copy).toMatchObject({ added: 0, updated: 0, unchanged: 1 });
        expect(await store.transactions.count(T, first[0]?.accounts[0])).toBe(9);
      });
    });

    describe("#tenants", () => {
      it("creates a tenant once and finds it again", async () => {
        const a = await store.tenants.ensure("t1" as TenantId, "First");
        const b = await store.tenants.ensure("t1" as TenantId, "Renamed");
        expect(b).toEqual(a);
        expect((await store.tenants.list()).map((t) => t.id)).toContain("t1");
        expect(await store.tenants.get("nope" as TenantId)).toBeUndefined();
      });
    });

    describe("#documents", () => {
      it("addresses raw documents by the SHA-256 of their bytes", async () => {
        const bytes = new TextEncoder().encode("<Document>camt</Document>\n");
        const first = await store.documents.save({ tenantId: T, content: bytes, filename: "a.xml", mediaType: "application/xml" });
        const second = await store.documents.save({ tenantId: T, content: bytes, filename: "copy.xml" });
        expect(first).toEqual({ id: createHash("sha256").update(bytes).digest("hex"), created: true });
        expect(second).toEqual({ id: first.id, created: false });
        const doc = await store.documents.get(T, first.id);
        expect(doc?.filename).toBe("a.xml");
        expect(new TextDecoder().decode(doc?.content)).toBe("<Document>camt</Document>\n");
        expect(doc?.size).toBe(bytes.byteLength);
      });

      it("keeps binary content byte for byte", async () => {
        const bytes = new Uint8Array(256).map((_, i) => i);
        const { id } = await store.documents.save({ tenantId: T, content: bytes });
        expect((await store.documents.get(T, id))?.content).toEqual(bytes);
      });

      it("does not show one tenant's documents to another", async () => {
        const { id } = await store.documents.save({ tenantId: T, content: new TextEncoder().encode("secret statement") });
        expect(await store.documents.get(OTHER, id)).toBeUndefined();
      });
    });

    describe("#ingest", () => {
      it("creates the account and its bank on first sight and stores balances and entries", async () => {
        const s = statement([entry("100.00"), entry("-30.50", { references: { accountServicerReference: "R1" } })], {
          openingBalance: { type: "openingBooked", amount: parseMoney("1000", "EUR"), date: D("2024-03-01") },
          closingBalance: { type: "closingBooked", amount: parseMoney("1069.50", "EUR"), date: D("2024-03-01") },
          balances: [
            {
              type: "interimAvailable",
              amount: parseMoney("1069.50", "EUR"),
              date: D("2024-03-01"),
              dateTime: "2024-03-01T12:00:00+01:00" as never,
            },
          ],
        });
        const report = await store.ingest({ tenantId: T, statements: [s], source: "test" });
        expect(report).toMatchObject({
          status: "succeeded",
          added: 2,
          updated: 0,
          unchanged: 0,
          balances: { added: 3, updated: 0, unchanged: 0 },
          issues: [],
        });
        const account = await store.accounts.findByNumber(T, "DE89370400440532013000", EUR);
        expect(account).toMatchObject({
          number: "DE89370400440532013000",
          scheme: "iban",
          currency: "EUR",
          holderName: "Acme GmbH",
          bank: { bic: "COBADEFFXXX", name: "Commerzbank" },
        });
        expect(report.accounts).toEqual([account?.id]);
        const history = await store.balances.history(T, account?.id as AccountId);
        expect(history.map((b) => [b.type, b.date, b.dateTime ?? null])).toEqual(
          expect.arrayContaining([
            ["openingBooked", "2024-03-01", null],
            ["closingBooked", "2024-03-01", null],
            ["interimAvailable", "2024-03-01", "2024-03-01T12:00:00+01:00"],
          ]),
        );
        expect(history.find((b) => b.type === "closingBooked")?.amount).toEqual(parseMoney("1069.50", "EUR"));
      });

      it("is idempotent: the same statements twice store every transaction once", async () => {
        const n = freshAccount();
        const statements = [...generateStatements({ seed: 7, statements: 3, entriesPerStatement: 50 })].map((s) => onAccount(n, s));
        const first = await store.ingest({ tenantId: T, statements, source: "test" });
        const second = await store.ingest({ tenantId: T, statements, source: "test" });
        expect([first.added, first.updated, first.unchanged]).toEqual([150, 0, 0]);
        expect([second.added, second.updated, second.unchanged]).toEqual([0, 0, 150]);
        expect(second.balances).toEqual({ added: 0, updated: 0, unchanged: 9 });
        const acc = await store.accounts.findByNumber(T, n);
        expect(await store.transactions.count(T, acc?.id)).toBe(150);
      });

      it("stores overlapping documents without duplicates", async () => {
        const n = freshAccount();
        const all = [...generateStatements({ seed: 11, statements: 1, entriesPerStatement: 10, withBankIdShare: 0.5 })].map((s) =>
          onAccount(n, s),
        )[0] as Statement;
        const a = { ...all, entries: all.entries.slice(0, 6) };
        const b = { ...all, entries: all.entries.slice(3, 10) };
        await store.ingest({ tenantId: T, statements: [a], source: "a" });
        const report = await store.ingest({ tenantId: T, statements: [b], source: "b" });
        expect([report.added, report.unchanged]).toEqual([4, 3]);
        expect(await store.transactions.count(T, (await store.accounts.findByNumber(T, n))?.id)).toBe(10);
      });

      it("keeps two identical lines of one statement as two transactions, also on re-import", async () => {
        const n = freshAccount();
        const coffee = entry("-3.50", { counterparty: { name: "Starbucks" } });
        const s = onAccount(
          n,
          statement([coffee, coffee, entry("-3.50", { counterparty: { name: "Starbucks" }, bookingDate: D("2024-03-02") })]),
        );
        expect((await store.ingest({ tenantId: T, statements: [s], source: "x" })).added).toBe(3);
        expect((await store.ingest({ tenantId: T, statements: [s], source: "x" })).unchanged).toBe(3);
        expect(await store.transactions.count(T, (await store.accounts.findByNumber(T, n))?.id)).toBe(3);
      });

      it("keeps identical lines on two pages of one statement as two transactions (MT940 :28C: 7/1, 7/2), also on re-import", async () => {
        const n = freshAccount();
        const coffee = entry("-5.00", { counterparty: { name: "Cafe" } });
        const pages = [
          onAccount(n, statement([coffee], { sequence: { legal: "7", page: 1 } })),
          onAccount(n, statement([coffee], { sequence: { legal: "7", page: 2 } })),
        ];
        expect((await store.ingest({ tenantId: T, statements: pages, source: "x" })).added).toBe(2);
        expect((await store.ingest({ tenantId: T, statements: pages, source: "x" })).unchanged).toBe(2);
        // The next day's statement 8 counts afresh: the same coffee there is the same kind of line, a new count.
        const next = onAccount(n, statement([coffee], { sequence: { legal: "8", page: 1 } }));
        expect((await store.ingest({ tenantId: T, statements: [next], source: "y" })).unchanged).toBe(1);
        expect(await store.transactions.count(T, (await store.accounts.findByNumber(T, n))?.id)).toBe(2);
      });

      it("keeps a transaction apart that only shares a bank reference with another (a reused // or FITID), with a warning", async () => {
        const n = freshAccount();
        const ref = { accountServicerReference: "0001" };
        const rent = entry("-250.00", { references: ref, counterparty: { name: "Landlord" } });
        const power = entry("-40.00", {
          references: ref,
          counterparty: { name: "Power" },
          bookingDate: D("2024-03-02"),
          valueDate: D("2024-03-02"),
        });
        const at = (entries: Entry[]) => ({ tenantId: T, statements: [onAccount(n, statement(entries))], source: "test" });
        expect(await store.ingest(at([rent]))).toMatchObject({ added: 1 });
        const second = await store.ingest(at([power]));
        expect(second).toMatchObject({ added: 1, updated: 0 });
        expect(second.issues.map((i) => i.code)).toContain("INGEST_BANK_REFERENCE_REUSED");
        // Both stay put when either document comes again.
        expect(await store.ingest(at([rent]))).toMatchObject({ added: 0, updated: 0, unchanged: 1 });
        expect(await store.ingest(at([power]))).toMatchObject({ added: 0, updated: 0, unchanged: 1 });
        const acc = (await store.accounts.findByNumber(T, n))?.id;
        expect((await store.transactions.list({ tenantId: T, accountId: acc })).items.map((t) => t.amount.minor).sort()).toEqual([
          -25000n,
          -4000n,
        ]);
        // One document listing two entries under one id: two identical coffees, or a FITID written twice.
        const m = freshAccount();
        const cup = entry("-5.00", { references: { accountServicerReference: "8327" } });
        const tea = entry("-7.00", { references: { accountServicerReference: "8327" } });
        const on = (entries: Entry[]) => ({ tenantId: T, statements: [onAccount(m, statement(entries))], source: "test" });
        expect(await store.ingest(on([cup, cup, tea]))).toMatchObject({ added: 3 });
        expect(await store.ingest(on([cup, cup, tea]))).toMatchObject({ added: 0, updated: 0, unchanged: 3 });
        expect(await store.transactions.count(T, (await store.accounts.findByNumber(T, m))?.id)).toBe(3);
      });

      it("keeps to one transaction per bank id where the other row is a state or a correction of it (review)", async () => {
        const n = freshAccount();
        const at = (entries: Entry[]) => ({ tenantId: T, statements: [onAccount(n, statement(entries))], source: "test" });
        const count = async () => store.transactions.count(T, (await store.accounts.findByNumber(T, n))?.id);
        const ref = { accountServicerReference: "X1" };
        const booked = entry("-45.00", { references: ref, bookingDate: D("2024-03-16"), valueDate: D("2024-03-15") });
        const pending = entry("-42.00", { references: ref, status: "pending", bookingDate: undefined, valueDate: D("2024-03-15") });
        // An older state arriving late changes nothing, in another document or in the same one.
        await store.ingest(at([booked]));
        expect(await store.ingest(at([pending]))).toMatchObject({ added: 0, unchanged: 1 });
        expect(await count()).toBe(1);
        // A corrected amount on the same dates is the same transaction, updated.
        expect(await store.ingest(at([{ ...booked, amount: parseMoney("-46.00", "EUR") }]))).toMatchObject({ added: 0, updated: 1 });
        expect(await count()).toBe(1);
        // Two booked coffees under one id, the stored one still pending: two transactions.
        const m = freshAccount();
        const on = (entries: Entry[]) => ({ tenantId: T, statements: [onAccount(m, statement(entries))], source: "test" });
        const cup = entry("-5.00", { references: { accountServicerReference: "C8" } });
        await store.ingest(on([{ ...cup, status: "pending" }]));
        expect(await store.ingest(on([cup, cup]))).toMatchObject({ added: 1, updated: 1 });
        expect(await store.transactions.count(T, (await store.accounts.findByNumber(T, m))?.id)).toBe(2);
        expect(await store.ingest(on([cup, cup]))).toMatchObject({ added: 0, updated: 0, unchanged: 2 });
      });

      it("never fails on a stored row kept apart whose id another row holds: pending with id, copy without, booked with id (review)", async () => {
        const n = freshAccount();
        const at = (entries: Entry[]) => ({ tenantId: T, statements: [onAccount(n, statement(entries))], source: "test" });
        const ref = { accountServicerReference: "0001" };
        const rent = entry("-250.00", { references: ref });
        const power = entry("-40.00", { references: ref, bookingDate: D("2024-03-02"), valueDate: D("2024-03-02") });
        await store.ingest(at([rent]));
        await store.ingest(at([power]));
        // The same power line again with a text the fingerprint leaves out: it updates the row kept apart, no failure.
        expect(await store.ingest(at([{ ...power, description: "SUPPL DETAILS" }]))).toMatchObject({ added: 0, updated: 1 });
        // camt.052 pending with id, an MT940 copy without it booked a day later, then the camt.053 booked with the id.
        const m = freshAccount();
        const on = (entries: Entry[]) => ({ tenantId: T, statements: [onAccount(m, statement(entries))], source: "test" });
        const held = entry("-9.00", {
          references: { accountServicerReference: "X" },
          status: "pending",
          bookingDate: undefined,
          valueDate: D("2024-03-15"),
        });
        const later = { ...held, status: "booked" as const, bookingDate: D("2024-03-16") };
        await store.ingest(on([held]));
        await store.ingest(on([{ ...later, references: undefined }]));
        const report = await store.ingest(on([later]));
        expect(report.status).toBe("succeeded");
        expect(report.added).toBe(0);
      });

      it("keeps lines under a reused bank id apart on every path, idempotently (second review)", async () => {
        const fresh = () => {
          const n = freshAccount();
          const at = (entries: Entry[]) => ({ tenantId: T, statements: [onAccount(n, statement(entries))], source: "test" });
          const rows = async () => store.transactions.count(T, (await store.accounts.findByNumber(T, n))?.id);
          return { at, rows };
        };
        const withRef = (e: Entry, ref: string) => ({ ...e, references: { accountServicerReference: ref } });
        const coffee = entry("-5.00", { counterparty: { name: "Cafe" } });
        const rent = entry("-250.00", { counterparty: { name: "Landlord" } });
        const power = entry("-40.00", { counterparty: { name: "Power" } });
        // Lines stored without ids, then the same lines under one reused id: never a failure on the unique id.
        const a = fresh();
        await store.ingest(a.at([coffee, coffee]));
        expect(await store.ingest(a.at([withRef(coffee, "C19"), withRef(coffee, "C19")]))).toMatchObject({ status: "succeeded", added: 0 });
        expect(await a.rows()).toBe(2);
        // Same-day lines under one id in two documents: each kept, each found again (not taken for a correction).
        const b = fresh();
        await store.ingest(b.at([withRef(rent, "0001")]));
        await store.ingest(b.at([withRef(power, "0001")]));
        expect(await store.ingest(b.at([withRef(power, "0001")]))).toMatchObject({ added: 0, updated: 0, unchanged: 1 });
        expect(await store.ingest(b.at([withRef(rent, "0001")]))).toMatchObject({ added: 0, updated: 0, unchanged: 1 });
        expect(await b.rows()).toBe(2);
        // Two pending lines under one id in one document: two, and a re-import adds nothing.
        const c = fresh();
        const held = (e: Entry) => ({ ...withRef(e, "P18"), status: "pending" as const });
        expect(await store.ingest(c.at([held(coffee), held(entry("-7.00"))]))).toMatchObject({ added: 2 });
        expect(await store.ingest(c.at([held(coffee), held(entry("-7.00"))]))).toMatchObject({ added: 0, unchanged: 2 });
        // Same amount under one id, other counterparties: two, in one document or in two (final check).
        const e = fresh();
        const cafe = withRef(entry("-5.00", { counterparty: { name: "Cafe" } }), "X31");
        const bakery = withRef(entry("-5.00", { counterparty: { name: "Bakery" } }), "X31");
        expect(await store.ingest(e.at([cafe, bakery]))).toMatchObject({ added: 2 });
        expect(await store.ingest(e.at([cafe, bakery]))).toMatchObject({ added: 0, updated: 0, unchanged: 2 });
        const f = fresh();
        await store.ingest(f.at([withRef(rent, "0001")]));
        const landlordToo = withRef(entry("-250.00", { counterparty: { name: "Power" } }), "0001");
        expect(await store.ingest(f.at([landlordToo]))).toMatchObject({ added: 1 });
        expect(await store.ingest(f.at([withRef(rent, "0001")]))).toMatchObject({ added: 0, updated: 0, unchanged: 1 });
        // A line kept apart is no copy of an identical line that holds another id.
        const d = fresh();
        await store.ingest(d.at([withRef(rent, "A")]));
        await store.ingest(d.at([withRef(coffee, "B")]));
        expect(await store.ingest(d.at([withRef(coffee, "A")]))).toMatchObject({ added: 1 });
        expect(await d.rows()).toBe(3);
      });

      it("layer 1: a known bank id with new facts updates the transaction (pending → booked)", async () => {
        const n = freshAccount();
        const pending = entry("-42.00", {
          status: "pending",
          references: { accountServicerReference: "CARD-1" },
          bookingDate: D("2024-03-01"),
        });
        const booked = { ...pending, status: "booked" as const, bookingDate: D("2024-03-03") };
        await store.ingest({ tenantId: T, statements: [onAccount(n, statement([pending]))], source: "intraday" });
        const report = await store.ingest({ tenantId: T, statements: [onAccount(n, statement([booked]))], source: "eod" });
        expect([report.added, report.updated, report.unchanged]).toEqual([0, 1, 0]);
        const acc = await store.accounts.findByNumber(T, n);
        const page = await store.transactions.list({ tenantId: T, accountId: acc?.id });
        expect(page.items).toHaveLength(1);
        expect(page.items[0]).toMatchObject({ status: "booked", bookingDate: "2024-03-03", bankRef: "D:CARD-1" });
        expect(page.items[0]?.updatedAt).not.toBe(page.items[0]?.createdAt);
      });

      it("layer 1 then layer 2: copies without id of either state of a transaction booked on another day are that transaction", async () => {
        const n = freshAccount();
        // Pending on its value date, booked a day later: the two states' facts hash differently.
        const pending = entry("-80.00", { status: "pending", bookingDate: undefined, valueDate: D("2024-03-10") });
        const booked = { ...pending, status: "booked" as const, bookingDate: D("2024-03-11") };
        const withId = (e: Entry): Entry => ({ ...e, references: { accountServicerReference: "CARD-9" } });
        const at = (e: Entry) => ({ tenantId: T, statements: [onAccount(n, statement([e]))], source: "test" });
        expect((await store.ingest(at(withId(pending)))).added).toBe(1);
        expect((await store.ingest(at(withId(booked)))).updated).toBe(1);
        // An end-of-day file without the bank's ids (an MT940 after camt), then a late intraday one.
        expect(await store.ingest(at(booked))).toMatchObject({ added: 0, updated: 0, unchanged: 1 });
        expect(await store.ingest(at(pending))).toMatchObject({ added: 0, updated: 0, unchanged: 1 });
        // Both in one statement, beside a new transaction.
        const both = await store.ingest({
          tenantId: T,
          statements: [onAccount(n, statement([booked, pending, entry("1.00", { valueDate: D("2024-03-11") })]))],
          source: "test",
        });
        expect(both).toMatchObject({ added: 1, updated: 0, unchanged: 2 });
        const acc = await store.accounts.findByNumber(T, n);
        const items = (await store.transactions.list({ tenantId: T, accountId: acc?.id })).items;
        expect(items).toHaveLength(2);
        expect(items.find((t) => t.bankRef === "D:CARD-9")).toMatchObject({ status: "booked", bookingDate: "2024-03-11" });
        // The same facts under another bank id are still another transaction.
        expect((await store.ingest(at({ ...booked, references: { accountServicerReference: "CARD-10" } }))).added).toBe(1);
        expect(await store.transactions.count(T, acc?.id)).toBe(3);
      });

      it("second keys are for other facts, not other occurrences of the same facts", async () => {
        const n = freshAccount();
        const coffee = entry("-3.50", { counterparty: { name: "Café" } });
        const withId = { ...coffee, references: { accountServicerReference: "COF-1" } };
        const at = (es: Entry[]) => ({ tenantId: T, statements: [onAccount(n, statement(es))], source: "test" });
        await store.ingest(at([withId]));
        // A copy without id listed before the one with it: the latter's key is occurrence .1 of the same facts.
        expect(await store.ingest(at([coffee, withId]))).toMatchObject({ added: 0, unchanged: 2 });
        // Two coffees without id: the first is COF-1, the second is a second coffee.
        expect(await store.ingest(at([coffee, coffee]))).toMatchObject({ added: 1, unchanged: 1 });
        expect(await store.transactions.count(T, (await store.accounts.findByNumber(T, n))?.id)).toBe(2);
      });

      it("second keys never take back a stored row, also when a chunk needs a second round", async () => {
        const n = freshAccount();
        const at = (es: Entry[]) => ({ tenantId: T, statements: [onAccount(n, statement(es))], source: "test" });
        const ref = (e: Entry, r: string): Entry => ({ ...e, references: { accountServicerReference: r } });
        const pending = entry("-20.00", { status: "pending", bookingDate: undefined, valueDate: D("2024-03-10") });
        const booked = { ...pending, status: "booked" as const, bookingDate: D("2024-03-11") };
        const card = entry("-5.00", { counterparty: { name: "Kiosk" } });
        await store.ingest(at([ref(pending, "Y1")]));
        await store.ingest(at([ref(booked, "Y1")])); // Y1's booked key becomes its second key
        await store.ingest(at([ref(booked, "X1")])); // …and X1's own key: the same facts under another id
        await store.ingest(at([ref(card, "W1")]));
        const acc = await store.accounts.findByNumber(T, n);
        const stored = async () =>
          Object.fromEntries((await store.transactions.list({ tenantId: T, accountId: acc?.id })).items.map((t) => [t.bankRef, t.id]));
        const before = await stored();
        // A copy without id of the booked facts (X1's key), and Z1, whose facts are W1's: Z1 moves to the next
        // occurrence in a second round, where the copy must not be taken for a just-inserted row.
        expect(await store.ingest(at([booked, ref(card, "Z1")]))).toMatchObject({ added: 1, updated: 0, unchanged: 1 });
        const after = await stored();
        expect(Object.keys(after).sort()).toEqual(["D:W1", "D:X1", "D:Y1", "D:Z1"]);
        // The same rows, not copies of them stored again.
        expect({ ...after, "D:Z1": undefined }).toEqual({ ...before, "D:Z1": undefined });
      });

      it("layer 1: an older pending copy never overwrites the booked transaction", async () => {
        const n = freshAccount();
        const pending = entry("-42.00", { status: "pending", references: { accountServicerReference: "CARD-2" } });
        const booked = { ...pending, status: "booked" as const };
        await store.ingest({ tenantId: T, statements: [onAccount(n, statement([booked]))], source: "eod" });
        const report = await store.ingest({ tenantId: T, statements: [onAccount(n, statement([pending]))], source: "late intraday" });
        expect([report.added, report.updated, report.unchanged]).toEqual([0, 0, 1]);
        const acc = await store.accounts.findByNumber(T, n);
        expect((await store.transactions.list({ tenantId: T, accountId: acc?.id })).items[0]?.status).toBe("booked");
      });

      it("layer 1 wins over layer 2: same facts but different bank ids are two transactions", async () => {
        const n = freshAccount();
        const a = entry("-10.00", { references: { accountServicerReference: "A-1" }, counterparty: { name: "Shop" } });
        const b = entry("-10.00", { references: { accountServicerReference: "A-2" }, counterparty: { name: "Shop" } });
        await store.ingest({ tenantId: T, statements: [onAccount(n, statement([a]))], source: "1" });
        const r = await store.ingest({ tenantId: T, statements: [onAccount(n, statement([b]))], source: "2" });
        expect(r.added).toBe(1);
        const again = await store.ingest({
          tenantId: T,
          statements: [onAccount(n, statement([a])), onAccount(n, statement([b]))],
          source: "3",
        });
        expect([again.added, again.unchanged]).toEqual([0, 2]);
        expect(await store.transactions.count(T, (await store.accounts.findByNumber(T, n))?.id)).toBe(2);
      });

      it("layer 2 then layer 1: a transaction first seen without id takes the id when it arrives", async () => {
        const n = freshAccount();
        const noId = entry("55.00", {
          counterparty: { name: "Customer", account: "NL91ABNA0417164300" },
          remittance: { unstructured: ["INV-7"] },
        });
        const withId = { ...noId, references: { accountServicerReference: "LATE-ID" } };
        await store.ingest({ tenantId: T, statements: [onAccount(n, statement([noId]))], source: "mt940" });
        const r = await store.ingest({ tenantId: T, statements: [onAccount(n, statement([withId]))], source: "camt" });
        expect([r.added, r.updated]).toEqual([0, 1]);
        const acc = await store.accounts.findByNumber(T, n);
        const items = (await store.transactions.list({ tenantId: T, accountId: acc?.id })).items;
        expect(items).toHaveLength(1);
        expect(items[0]?.bankRef).toBe("C:LATE-ID");
        // And the id-less copy offered again is recognised as the same transaction.
        expect((await store.ingest({ tenantId: T, statements: [onAccount(n, statement([noId]))], source: "mt940" })).unchanged).toBe(1);
      });

      it("keeps a reversal that reuses the original's bank reference as its own transaction", async () => {
        const n = freshAccount();
        const original = entry("-250.00", { references: { accountServicerReference: "TX-9" } });
        const reversal = entry("250.00", { reversal: true, references: { accountServicerReference: "TX-9" } });
        const r = await store.ingest({ tenantId: T, statements: [onAccount(n, statement([original, reversal]))], source: "x" });
        expect(r.added).toBe(2);
      });

      it("ignores placeholder references such as NONREF", async () => {
        const n = freshAccount();
        const a = entry("-1.00", { references: { bankReference: "NONREF" }, counterparty: { name: "A" } });
        const b = entry("-2.00", { references: { bankReference: "NONREF" }, counterparty: { name: "B" } });
        expect((await store.ingest({ tenantId: T, statements: [onAccount(n, statement([a, b]))], source: "x" })).added).toBe(2);
      });

      it("keeps every digit: sub-cent amounts and amounts beyond 64 bits", async () => {
        const n = freshAccount();
        const tiny = entry("0.00001", { references: { accountServicerReference: "TINY" } });
        const huge = entry("-123456789012345678901.23", { references: { accountServicerReference: "HUGE" } });
        await store.ingest({ tenantId: T, statements: [onAccount(n, statement([tiny, huge]))], source: "x" });
        const acc = await store.accounts.findByNumber(T, n);
        const items = (await store.transactions.list({ tenantId: T, accountId: acc?.id })).items;
        const byRef = new Map(items.map((t) => [t.bankRef, t]));
        expect(byRef.get("C:TINY")?.amount).toEqual({ minor: 1n, scale: 5, currency: EUR });
        expect(byRef.get("D:HUGE")?.amount).toEqual(parseMoney("-123456789012345678901.23", "EUR"));
        expect(entryOf<{ amount: string }>(byRef.get("C:TINY")).amount).toBe("0.00001");
      });

      it("stores text with NUL and other control characters, keeping the exact value in the entry", async () => {
        const n = freshAccount();
        const odd = entry("-1.00", { counterparty: { name: "Bad\u0000Name\u0007" }, remittance: { unstructured: ["a\u0000b"] } });
        const r = await store.ingest({ tenantId: T, statements: [onAccount(n, statement([odd]))], source: "damaged\u0000file" });
        expect(r.added).toBe(1);
        const acc = await store.accounts.findByNumber(T, n);
        const t = (await store.transactions.list({ tenantId: T, accountId: acc?.id })).items[0];
        expect(entryOf<{ counterparty: { name: string } }>(t).counterparty.name).toBe("Bad\u0000Name\u0007");
      });

      it("stores text with tabs, line ends, backslashes, quotes and characters beyond ASCII as it came", async () => {
        const n = freshAccount();
        const name = 'Tab\there "quoted" back\\slash \\N\r\nnext line 上海申通 😀 Müller';
        const odd = entry("-2.00", {
          counterparty: { name },
          remittance: { unstructured: ["\\t is not a tab", "line\nbreak\ttab"] },
          references: { accountServicerReference: "REF\\1\t2" },
          description: "Desc\\\r\n",
        });
        expect((await store.ingest({ tenantId: T, statements: [onAccount(n, statement([odd]))], source: "x" })).added).toBe(1);
        const acc = await store.accounts.findByNumber(T, n);
        const t = (await store.transactions.list({ tenantId: T, accountId: acc?.id })).items[0];
        const stored = entryOf<{ counterparty: { name: string }; remittance: { unstructured: string[] }; description: string }>(t);
        expect(stored.counterparty.name).toBe(name);
        expect(stored.remittance.unstructured).toEqual(["\\t is not a tab", "line\nbreak\ttab"]);
        expect(stored.description).toBe("Desc\\\r\n");
        expect(t?.bankRef).toBe("D:REF\\1\t2");
        // The same statement again is recognised, so what was stored reads back exactly.
        expect((await store.ingest({ tenantId: T, statements: [onAccount(n, statement([odd]))], source: "x" })).unchanged).toBe(1);
      });

      it("stores a batch entry once with its details inside", async () => {
        const n = freshAccount();
        const batch = entry("-300.00", {
          batch: { count: 2 },
          details: [{ amount: parseMoney("-100.00", "EUR") }, { amount: parseMoney("-200.00", "EUR") }],
          references: { accountServicerReference: "BATCH-1" },
        });
        await store.ingest({ tenantId: T, statements: [onAccount(n, statement([batch]))], source: "x" });
        const acc = await store.accounts.findByNumber(T, n);
        const items = (await store.transactions.list({ tenantId: T, accountId: acc?.id })).items;
        expect(items).toHaveLength(1);
        expect(entryOf<{ details: { amount: string }[] }>(items[0]).details.map((d) => d.amount)).toEqual(["-100.00", "-200.00"]);
      });

      it("reports bad entries as issues and stores the rest", async () => {
        const n = freshAccount();
        const usd = { ...entry("5.00"), amount: parseMoney("5.00", "USD") };
        const s = onAccount(n, statement([entry("1.00"), usd, entry("2.00")]));
        const noAccount = statement([entry("9.00")], { account: { id: " ", scheme: "other" } });
        const r = await store.ingest({ tenantId: T, statements: [s, noAccount], source: "x" });
        expect(r.status).toBe("partial");
        expect(r.added).toBe(2);
        expect(r.issues.map((i) => [i.code, i.path])).toEqual([
          ["INGEST_CURRENCY_MISMATCH", "/statements/0/entries/1"],
          ["INGEST_ACCOUNT_MISSING", "/statements/1"],
        ]);
      });

      it("keeps balance history and warns when a document changes a known balance", async () => {
        const n = freshAccount();
        const bal = (amount: string, date: string) => ({
          type: "closingBooked" as const,
          amount: parseMoney(amount, "EUR"),
          date: D(date),
        });
        await store.ingest({
          tenantId: T,
          statements: [onAccount(n, statement([], { closingBalance: bal("10", "2024-03-01") }))],
          source: "x",
        });
        await store.ingest({
          tenantId: T,
          statements: [onAccount(n, statement([], { closingBalance: bal("20", "2024-03-02") }))],
          source: "x",
        });
        const r = await store.ingest({
          tenantId: T,
          statements: [onAccount(n, statement([], { closingBalance: bal("11", "2024-03-01") }))],
          source: "x",
        });
        expect(r.balances.updated).toBe(1);
        expect(r.issues).toEqual([expect.objectContaining({ severity: "warning", code: "BALANCE_CHANGED" })]);
        expect(r.status).toBe("succeeded");
        const acc = await store.accounts.findByNumber(T, n);
        const history = await store.balances.history(T, acc?.id as AccountId, { types: ["closingBooked"] });
        expect(history.map((b) => [b.date, b.amount.minor])).toEqual([
          ["2024-03-02", 2000n],
          ["2024-03-01", 1100n],
        ]);
      });

      it("records every run with its counts and the parser's issues", async () => {
        const n = freshAccount();
        const r = await store.ingest({
          tenantId: T,
          statements: [onAccount(n, statement([entry("1.00")]))],
          source: "file:x.json",
          format: "bankbridge.json",
          parseIssues: [{ severity: "warning", code: "SOMETHING_ODD", message: "odd" }],
        });
        const run = await store.ingestRuns.get(T, r.runId);
        expect(run).toMatchObject({
          source: "file:x.json",
          format: "bankbridge.json",
          status: "succeeded",
          added: 1,
          updated: 0,
          unchanged: 0,
        });
        expect(run?.issues).toEqual([{ severity: "warning", code: "SOMETHING_ODD", message: "odd" }]);
        expect(run?.finishedAt).toBeDefined();
        expect((await store.ingestRuns.list(T)).map((x) => x.id)).toContain(r.runId);
        expect(await store.ingestRuns.get(OTHER, r.runId)).toBeUndefined();
      });

      it("counts the parser's errors: failed with no statement read, partial beside readable ones", async () => {
        const broken = [{ severity: "error" as const, code: "FORMAT_UNSUPPORTED", message: "not a bank file" }];
        const none = await store.ingest({ tenantId: T, statements: [], source: "junk", parseIssues: broken });
        expect(none.status).toBe("failed");
        expect(none.issues).toEqual(broken);
        expect((await store.ingestRuns.get(T, none.runId))?.status).toBe("failed");
        const some = await store.ingest({
          tenantId: T,
          statements: [onAccount(freshAccount(), statement([entry("1.00")]))],
          source: "half",
          parseIssues: broken,
        });
        expect([some.status, some.added]).toEqual(["partial", 1]);
        const warned = await store.ingest({
          tenantId: T,
          statements: [],
          source: "empty",
          parseIssues: [{ severity: "warning", code: "EMPTY", message: "no statements" }],
        });
        expect(warned.status).toBe("succeeded");
      });

      it("records the parser's issues added while its statements are read (a streaming parser's)", async () => {
        const parseIssues: { severity: "error"; code: string; message: string }[] = [];
        async function* statements() {
          yield onAccount(freshAccount(), statement([entry("1.00")]));
          parseIssues.push({ severity: "error", code: "XML_MALFORMED", message: "cut short" });
        }
        const r = await store.ingest({ tenantId: T, statements: statements(), source: "stream", parseIssues });
        expect([r.status, r.added]).toEqual(["partial", 1]);
        expect(r.issues.map((i) => i.code)).toEqual(["XML_MALFORMED"]);
        expect((await store.ingestRuns.get(T, r.runId))?.issues.map((i) => i.code)).toEqual(["XML_MALFORMED"]);
      });

      it("consumes an async source of statements", async () => {
        const n = freshAccount();
        async function* source() {
          for (const s of generateStatements({ seed: 3, statements: 2, entriesPerStatement: 20 })) yield onAccount(n, s);
        }
        expect((await store.ingest({ tenantId: T, statements: source(), source: "stream" })).added).toBe(40);
      });

      it("handles two concurrent ingests of the same document without duplicates", async () => {
        const n = freshAccount();
        const statements = [...generateStatements({ seed: 5, statements: 2, entriesPerStatement: 100, withBankIdShare: 0.5 })].map((s) =>
          onAccount(n, s),
        );
        const [a, b] = await Promise.all([
          store.ingest({ tenantId: T, statements, source: "a" }),
          store.ingest({ tenantId: T, statements, source: "b" }),
        ]);
        expect(a.added + b.added).toBe(200);
        expect(a.unchanged + b.unchanged).toBe(200);
        expect(await store.transactions.count(T, (await store.accounts.findByNumber(T, n))?.id)).toBe(200);
      });

      it("imports the same 10,000-transaction document twice and keeps 10,000 transactions", async () => {
        const n = freshAccount();
        const statements = [...generateStatements({ seed: 42, statements: 10, entriesPerStatement: 1000 })].map((s) => onAccount(n, s));
        const first = await store.ingest({ tenantId: T, statements, source: "fixture" });
        const second = await store.ingest({ tenantId: T, statements, source: "fixture" });
        expect(first.added).toBe(10_000);
        expect([second.added, second.updated, second.unchanged]).toEqual([0, 0, 10_000]);
        expect(await store.transactions.count(T, (await store.accounts.findByNumber(T, n))?.id)).toBe(10_000);
      }, 120_000);

      it("stores a statement of more entries than one chunk, and one that repeats half of it, without duplicates", async () => {
        // 20,000 entries and then 20,000 that repeat half of them: two chunks on every dialect (10,000 rows each),
        // pipelined, and every line with the bank's id so that which lines repeat is certain.
        const n = freshAccount();
        const all = onAccount(
          n,
          [...generateStatements({ seed: 5, statements: 1, entriesPerStatement: 30_000, withBankIdShare: 1 })][0] as Statement,
        );
        const first = { ...all, entries: all.entries.slice(0, 20_000) };
        expect((await store.ingest({ tenantId: T, statements: [first], source: "first" })).added).toBe(20_000);
        // Lines 10,000–29,999: the first chunk repeats stored lines, the second mixes stored and new ones (the slow path).
        const overlap = { ...all, entries: all.entries.slice(10_000) };
        const report = await store.ingest({ tenantId: T, statements: [overlap], source: "overlap" });
        expect([report.added, report.updated, report.unchanged]).toEqual([10_000, 0, 10_000]);
        expect(await store.transactions.count(T, (await store.accounts.findByNumber(T, n))?.id)).toBe(30_000);
      }, 120_000);
    });

    describe("#ingest of a document read anew (same bytes, a newer parser)", () => {
      /** A document's id as the CLI and API get it: the SHA-256 of bytes saved first. */
      const saveDocument = async (text: string) =>
        (await store.documents.save({ tenantId: T, content: new TextEncoder().encode(text) })).id;
      /** An entry without a bank id at `line` of its document, with the customer reference a parser read there. */
      const atLine = (line: number, amount: string, customerReference: string, extra: Partial<Entry> = {}): Entry =>
        entry(amount, { source: { line }, references: { customerReference }, counterparty: { name: "Supplier BV" }, ...extra });
      const countOf = async (n: string) => store.transactions.count(T, (await store.accounts.findByNumber(T, n))?.id);

      it("updates the transactions the earlier reading stored instead of adding them again, and keeps both readings' keys", async () => {
        const n = freshAccount();
        const documentId = await saveDocument(`rabobank ${n}`);
        // The previous release read the :61: customer reference as the word EREF; this one reads the end-to-end id.
        const old = onAccount(n, statement([atLine(4, "-10.00", "EREF"), atLine(6, "25.00", "EREF"), atLine(8, "-3.00", "NONREF")]));
        const now = onAccount(n, statement([atLine(4, "-10.00", "E2E-1"), atLine(6, "25.00", "E2E-2"), atLine(8, "-3.00", "NONREF")]));
        expect((await store.ingest({ tenantId: T, statements: [old], documentId, source: "file:a.sta" })).added).toBe(3);
        const again = await store.ingest({ tenantId: T, statements: [now], documentId, source: "file:a.sta" });
        expect([again.added, again.updated, again.unchanged]).toEqual([0, 2, 1]);
        expect(again.issues).toEqual([
          expect.objectContaining({ severity: "warning", code: "INGEST_READ_ANEW", details: { documentId, transactions: 2 } }),
        ]);
        expect(again.status).toBe("succeeded");
        expect(await countOf(n)).toBe(3);
        const stored = (await store.transactions.list({ tenantId: T, accountId: again.accounts[0] })).items;
        expect(stored.map((t) => entryOf<{ references?: { customerReference?: string } }>(t).references?.customerReference).sort()).toEqual(
          ["E2E-1", "E2E-2", "NONREF"],
        );
        // Found again: by the old reading's key from an overlapping document read the old way, by the new one's from a
        // document read the new way, and by either on a third import of the same document.
        const oldElsewhere = await store.ingest({
          tenantId: T,
          statements: [old],
          documentId: await saveDocument(`old ${n}`),
          source: "b",
        });
        // (The old reading's facts are the key the transaction was stored under: as any document of the same facts, it
        // rewrites the entry to what it reads.)
        expect([oldElsewhere.added, oldElsewhere.updated + oldElsewhere.unchanged]).toEqual([0, 3]);
        const nowElsewhere = await store.ingest({
          tenantId: T,
          statements: [now],
          documentId: await saveDocument(`new ${n}`),
          source: "c",
        });
        expect([nowElsewhere.added, nowElsewhere.updated + nowElsewhere.unchanged]).toEqual([0, 3]);
        const third = await store.ingest({ tenantId: T, statements: [now], documentId, source: "file:a.sta" });
        expect([third.added, third.updated + third.unchanged]).toEqual([0, 3]);
        expect(await countOf(n)).toBe(3);
      });

      it("does not merge by place across documents: another document with the same amounts at the same lines adds its own", async () => {
        const n = freshAccount();
        const first = onAccount(n, statement([atLine(4, "-10.00", "EREF"), atLine(6, "25.00", "EREF")]));
        const other = onAccount(n, statement([atLine(4, "-10.00", "E2E-1"), atLine(6, "25.00", "E2E-2")]));
        await store.ingest({ tenantId: T, statements: [first], documentId: await saveDocument(`first ${n}`), source: "a" });
        const report = await store.ingest({ tenantId: T, statements: [other], documentId: await saveDocument(`other ${n}`), source: "b" });
        expect([report.added, report.updated]).toEqual([2, 0]);
        expect(await countOf(n)).toBe(4);
      });

      it("does not merge a line whose amount, dates or reversal changed, nor one at another place", async () => {
        const n = freshAccount();
        const documentId = await saveDocument(`changed ${n}`);
        const old = onAccount(
          n,
          statement([
            atLine(4, "-10.00", "EREF"),
            atLine(6, "25.00", "EREF"),
            atLine(8, "7.00", "EREF"),
            atLine(10, "8.00", "EREF"),
            atLine(12, "9.00", "EREF"),
          ]),
        );
        const now = onAccount(
          n,
          statement([
            atLine(4, "-10.01", "E2E-1"), // another amount
            atLine(6, "25.00", "E2E-2", { valueDate: D("2024-03-02") }), // another value date
            atLine(8, "7.00", "E2E-3", { reversal: true }), // read as a reversal now
            atLine(11, "8.00", "E2E-4"), // another place
            atLine(12, "9.00", "E2E-5", { amount: parseMoney("9.00", "USD") }), // another currency (refused: not the account's)
          ]),
        );
        await store.ingest({ tenantId: T, statements: [old], documentId, source: "a" });
        const report = await store.ingest({ tenantId: T, statements: [now], documentId, source: "a" });
        expect([report.added, report.updated]).toEqual([4, 0]);
        expect(report.issues.map((i) => i.code)).toEqual(["INGEST_CURRENCY_MISMATCH"]);
      });

      it("finds identical lines (occurrence numbers) and the lines of two pages each at its own place", async () => {
        const n = freshAccount();
        const documentId = await saveDocument(`pages ${n}`);
        const pages = (ref: string) => [
          onAccount(n, statement([atLine(5, "-3.50", ref), atLine(7, "-3.50", ref)], { sequence: { legal: "7", page: 1 } })),
          onAccount(n, statement([atLine(12, "-3.50", ref)], { sequence: { legal: "7", page: 2 } })),
        ];
        expect((await store.ingest({ tenantId: T, statements: pages("EREF"), documentId, source: "a" })).added).toBe(3);
        const again = await store.ingest({ tenantId: T, statements: pages("E2E-9"), documentId, source: "a" });
        expect([again.added, again.updated]).toEqual([0, 3]);
        expect(await countOf(n)).toBe(3);
      });

      // A camt written on one line (no line breaks: every Ntry on line 1, each with its own path) and BAI2 records run
      // together on one line (line 1, no path) give every entry of the document the same line.
      for (const [shape, place] of [
        ["a camt on one line", (k: number) => ({ line: 1, path: `/Document/BkToCstmrStmt/Stmt[1]/Ntry[${k}]` })],
        ["BAI2 records run together", (_k: number) => ({ line: 1 })],
      ] as const) {
        it(`never takes a line's stored transaction for another line at the same place (${shape})`, async () => {
          const n = freshAccount();
          const documentId = await saveDocument(`${shape} ${n}`);
          const cafe = (k: number, name: string, ref: string, extra: Partial<Entry> = {}) =>
            entry("-3.50", { source: place(k), references: { customerReference: ref }, counterparty: { name }, ...extra });
          const first = await store.ingest({
            tenantId: T,
            statements: [onAccount(n, statement([cafe(1, "Cafe A", "EREF"), cafe(2, "Cafe B", "EREF")]))],
            documentId,
            source: "a",
          });
          const accountId = first.accounts[0] as AccountId;
          // Another document lists the first coffee with the same facts and a booking text: its row is that document's now.
          const other = await store.ingest({
            tenantId: T,
            statements: [onAccount(n, statement([cafe(1, "Cafe A", "EREF", { description: "CARD PAYMENT", source: { line: 3 } })]))],
            documentId: await saveDocument(`other ${shape} ${n}`),
            source: "b",
          });
          expect(other.updated).toBe(1);
          // The newer parser reads the first coffee's reference anew; the second reads as before.
          const again = await store.ingest({
            tenantId: T,
            statements: [onAccount(n, statement([cafe(1, "Cafe A", "E2E-1"), cafe(2, "Cafe B", "EREF")]))],
            documentId,
            source: "a",
          });
          // Taken for the second coffee's row (the document's only row at that place), the first overwrote it: the
          // second coffee was gone. Not found, it is stored again (a duplicate of the row the other document holds).
          const parties = (await store.transactions.list({ tenantId: T, accountId })).items.map(
            (t) => entryOf<{ counterparty?: { name?: string } }>(t).counterparty?.name,
          );
          expect(parties.sort()).toEqual(["Cafe A", "Cafe A", "Cafe B"]);
          expect([again.added, again.updated, again.unchanged]).toEqual([1, 0, 1]);
        });
      }

      it("never takes a line's stored transaction for a line at the same place in a later statement of the account", async () => {
        // A BAI2 file of two days, records run together on one line: the account's two statements are both on line 1.
        const n = freshAccount();
        const documentId = await saveDocument(`two days ${n}`);
        const cafe = (name: string, ref: string, extra: Partial<Entry> = {}) =>
          entry("-3.50", { source: { line: 1 }, references: { customerReference: ref }, counterparty: { name }, ...extra });
        const days = (ref: string) => [onAccount(n, statement([cafe("Cafe B", "EREF")])), onAccount(n, statement([cafe("Cafe A", ref)]))];
        const first = await store.ingest({ tenantId: T, statements: days("EREF"), documentId, source: "a" });
        const accountId = first.accounts[0] as AccountId;
        const other = await store.ingest({
          tenantId: T,
          statements: [onAccount(n, statement([cafe("Cafe A", "EREF", { description: "CARD PAYMENT", source: { line: 3 } })]))],
          documentId: await saveDocument(`other two days ${n}`),
          source: "b",
        });
        expect(other.updated).toBe(1);
        const again = await store.ingest({ tenantId: T, statements: days("E2E-1"), documentId, source: "a" });
        const parties = (await store.transactions.list({ tenantId: T, accountId })).items.map(
          (t) => entryOf<{ counterparty?: { name?: string } }>(t).counterparty?.name,
        );
        expect(parties.sort()).toEqual(["Cafe A", "Cafe A", "Cafe B"]);
        expect([again.added, again.updated, again.unchanged]).toEqual([1, 0, 1]);
      });

      it("does not take a place more than one line of the new reading has: a reading with one entry more loses none", async () => {
        // BAI2 records run together on one line; the newer parser reads an entry the older one skipped.
        const n = freshAccount();
        const documentId = await saveDocument(`one more ${n}`);
        const cafe = (name: string, ref: string) =>
          entry("-3.50", { source: { line: 1 }, references: { customerReference: ref }, counterparty: { name } });
        const first = await store.ingest({
          tenantId: T,
          statements: [onAccount(n, statement([cafe("Cafe X", "EREF")]))],
          documentId,
          source: "a",
        });
        const accountId = first.accounts[0] as AccountId;
        await store.ingest({
          tenantId: T,
          statements: [onAccount(n, statement([cafe("Cafe A", "E2E-1"), cafe("Cafe X", "E2E-2")]))],
          documentId,
          source: "a",
        });
        // An overlapping document read the old way finds the first reading's row by its key.
        await store.ingest({
          tenantId: T,
          statements: [onAccount(n, statement([cafe("Cafe X", "EREF")]))],
          documentId: await saveDocument(`old way ${n}`),
          source: "b",
        });
        // Taken for that row, the new entry (first at the place) was written over it, and the overlapping document then
        // wrote it back: Cafe A was gone.
        const parties = (await store.transactions.list({ tenantId: T, accountId })).items.map(
          (t) => entryOf<{ counterparty?: { name?: string } }>(t).counterparty?.name,
        );
        expect(parties).toContain("Cafe A");
        expect(parties).toContain("Cafe X");
      });

      it("does not take a row another line finds by its key: two identical lines of which one is read anew lose neither", async () => {
        const n = freshAccount();
        const documentId = await saveDocument(`twins ${n}`);
        // Two identical coffees (keys .0 and .1); the newer parser reads a fact of the first differently, so the second
        // is now the only one of its facts and gets .0: the first coffee's key.
        const twins = (a: string) => onAccount(n, statement([atLine(4, "-3.50", a), atLine(6, "-3.50", "EREF")]));
        const first = await store.ingest({ tenantId: T, statements: [twins("EREF")], documentId, source: "a" });
        const accountId = first.accounts[0] as AccountId;
        await store.ingest({ tenantId: T, statements: [twins("E2E-1")], documentId, source: "a" });
        await store.ingest({ tenantId: T, statements: [twins("E2E-1")], documentId, source: "a" });
        // Taken by its place for the first coffee's row, which the second found by key, both were written into that row:
        // on the next import the second overwrote it and the first coffee was gone.
        const refs = (await store.transactions.list({ tenantId: T, accountId })).items.map(
          (t) => entryOf<{ references?: { customerReference?: string } }>(t).references?.customerReference,
        );
        expect(refs).toContain("E2E-1");
        expect(refs.filter((r) => r === "EREF").length).toBeGreaterThanOrEqual(1);
      });

      it("never takes a later statement's row by place for a line the earlier reading never stored (second review)", async () => {
        // A BAI2 file of two days, records run together on one line: both statements' entries are on line 1. The
        // previous release skipped the first day's coffee; this one reads it, at the place of the second day's row.
        const n = freshAccount();
        const documentId = await saveDocument(`never stored ${n}`);
        const cafe = (name: string) =>
          entry("-3.50", { source: { line: 1 }, references: { customerReference: "NONREF" }, counterparty: { name } });
        const first = await store.ingest({
          tenantId: T,
          statements: [onAccount(n, statement([])), onAccount(n, statement([cafe("Cafe B")]))],
          documentId,
          source: "a",
        });
        const accountId = first.accounts[0] as AccountId;
        const again = await store.ingest({
          tenantId: T,
          statements: [onAccount(n, statement([cafe("Cafe A")])), onAccount(n, statement([cafe("Cafe B")]))],
          documentId,
          source: "a",
        });
        const parties = () =>
          store.transactions
            .list({ tenantId: T, accountId })
            .then((p) => p.items.map((t) => entryOf<{ counterparty?: { name?: string } }>(t).counterparty?.name).sort());
        // Taken for Cafe B's row (the document's only row at line 1), Cafe A was written over it and Cafe B's line then
        // wrote it back: Cafe A was never stored.
        expect(await parties()).toEqual(["Cafe A", "Cafe B"]);
        expect(again.added).toBe(1);
        const third = await store.ingest({
          tenantId: T,
          statements: [onAccount(n, statement([cafe("Cafe A")])), onAccount(n, statement([cafe("Cafe B")]))],
          documentId,
          source: "a",
        });
        expect(await parties()).toEqual(["Cafe A", "Cafe B"]);
        expect(third.added).toBe(0);
      });

      it("never takes a stored row without a bank id for a line that now reads one: a later statement's row stays its own (second review)", async () => {
        // As above, and the newer parser also reads a bank reference on the first day's coffee. Taken for the second
        // day's row, that reference was written onto it; the second day's line then won the row back, the first day's
        // was stored again with the reference, found the row by it, and was written over it once more.
        const n = freshAccount();
        const documentId = await saveDocument(`never stored ref ${n}`);
        const cafe = (text: string, extra: Partial<Entry> = {}) =>
          entry("-3.50", {
            source: { line: 1 },
            references: { customerReference: "NONREF" },
            counterparty: { name: "Cafe" },
            remittance: { unstructured: [text] },
            ...extra,
          });
        const first = await store.ingest({
          tenantId: T,
          statements: [onAccount(n, statement([])), onAccount(n, statement([cafe("second day")]))],
          documentId,
          source: "a",
        });
        const accountId = first.accounts[0] as AccountId;
        const days = [
          onAccount(n, statement([cafe("first day", { references: { customerReference: "NONREF", bankReference: "B-1" } })])),
          onAccount(n, statement([cafe("second day")])),
        ];
        const texts = () =>
          store.transactions
            .list({ tenantId: T, accountId })
            .then((p) => p.items.map((t) => entryOf<{ remittance?: { unstructured?: string[] } }>(t).remittance?.unstructured?.[0]).sort());
        await store.ingest({ tenantId: T, statements: days, documentId, source: "a" });
        expect(await texts()).toEqual(["first day", "second day"]);
        await store.ingest({ tenantId: T, statements: days, documentId, source: "a" });
        expect(await texts()).toEqual(["first day", "second day"]);
      });

      it("never leaves a line the earlier reading never stored in a later statement's row that the later line, read anew, would also take by place (third review)", async () => {
        // A BAI2 file of two days run together on one line: every entry at line 1. The old reading skipped the first
        // day's coffee; the new one reads it, and reads the second day's coffee's reference anew (its key changed).
        const n = freshAccount();
        const documentId = await saveDocument(`never stored, both anew ${n}`);
        const cafe = (name: string, ref: string) =>
          entry("-3.50", { source: { line: 1 }, references: { customerReference: ref }, counterparty: { name } });
        const oldWay = [onAccount(n, statement([])), onAccount(n, statement([cafe("Cafe B", "EREF")]))];
        const first = await store.ingest({ tenantId: T, statements: oldWay, documentId, source: "a" });
        const accountId = first.accounts[0] as AccountId;
        await store.ingest({
          tenantId: T,
          statements: [onAccount(n, statement([cafe("Cafe A", "NONREF")])), onAccount(n, statement([cafe("Cafe B", "E2E-1")]))],
          documentId,
          source: "a",
        });
        // The document read the old way again: Cafe B's old key finds its row.
        await store.ingest({ tenantId: T, statements: oldWay, documentId, source: "a" });
        // Cafe A took Cafe B's row by place; Cafe B's line, finding nothing, was stored again; the old reading then
        // wrote Cafe B over the row that held Cafe A: Cafe A was gone.
        const parties = (await store.transactions.list({ tenantId: T, accountId })).items.map(
          (t) => entryOf<{ counterparty?: { name?: string } }>(t).counterparty?.name,
        );
        expect(parties).toContain("Cafe A");
        expect(parties).toContain("Cafe B");
        // The row was Cafe B's (its place, counterparty and text): given back to it, Cafe A stored on its own, no copy.
        expect(parties.length).toBe(2);
      });

      it("keeps both lines on their own when the row they would both take by place is not clearly the later one's (third review)", async () => {
        // As above, but the first day's new coffee is at the same cafe: the row's facts do not tell whose it is.
        const n = freshAccount();
        const documentId = await saveDocument(`never stored, alike ${n}`);
        const cafe = (ref: string) =>
          entry("-3.50", { source: { line: 1 }, references: { customerReference: ref }, counterparty: { name: "Cafe B" } });
        const oldWay = [onAccount(n, statement([])), onAccount(n, statement([cafe("EREF")]))];
        const first = await store.ingest({ tenantId: T, statements: oldWay, documentId, source: "a" });
        const accountId = first.accounts[0] as AccountId;
        await store.ingest({
          tenantId: T,
          statements: [onAccount(n, statement([cafe("NONREF")])), onAccount(n, statement([cafe("E2E-1")]))],
          documentId,
          source: "a",
        });
        await store.ingest({ tenantId: T, statements: oldWay, documentId, source: "a" });
        const refs = (await store.transactions.list({ tenantId: T, accountId })).items.map(
          (t) => entryOf<{ references?: { customerReference?: string } }>(t).references?.customerReference,
        );
        expect(refs).toContain("NONREF");
        expect(refs).toContain("E2E-1");
      });

      it("does not take a row another line finds by its second key: identical lines read anew twice lose neither (second review)", async () => {
        const n = freshAccount();
        const documentId = await saveDocument(`twins twice ${n}`);
        // Two identical coffees (keys .0 and .1). The next parser reads both references alike (each row found by its
        // place gets the new key as a second key, .0 and .1); the one after reads the first coffee's differently, so
        // the second is now the only one of its facts, .0, and finds the first's row by its second key.
        const twins = (a: string, b: string) => onAccount(n, statement([atLine(4, "-3.50", a), atLine(6, "-3.50", b)]));
        const first = await store.ingest({ tenantId: T, statements: [twins("EREF", "EREF")], documentId, source: "a" });
        const accountId = first.accounts[0] as AccountId;
        const second = await store.ingest({ tenantId: T, statements: [twins("E2E-0", "E2E-0")], documentId, source: "a" });
        expect([second.added, second.updated]).toEqual([0, 2]);
        await store.ingest({ tenantId: T, statements: [twins("E2E-1", "E2E-0")], documentId, source: "a" });
        await store.ingest({ tenantId: T, statements: [twins("E2E-1", "E2E-0")], documentId, source: "a" });
        // Taken by its place for the row the second found by its second key, the first coffee was written into it
        // too, got its new key as a second key there, and on the next import the second wrote it over: gone.
        const refs = (await store.transactions.list({ tenantId: T, accountId })).items.map(
          (t) => entryOf<{ references?: { customerReference?: string } }>(t).references?.customerReference,
        );
        expect(refs).toContain("E2E-1");
        expect(refs).toContain("E2E-0");
      });

      it("does not take a row a line of the statement's next chunk finds by its second key (second review)", async () => {
        // The case above with the two coffees 10,000 entries apart: one chunk takes the row by place, the next (on
        // PostgreSQL handed over while the first is stored) finds it by its second key.
        const n = freshAccount();
        const documentId = await saveDocument(`twins apart ${n}`);
        const fill = Array.from({ length: 9_999 }, (_, i) => atLine(8 + 2 * i, `${i + 1}.00`, "NONREF"));
        const twins = (a: string, b: string) =>
          onAccount(n, statement([atLine(4, "-3.50", a), ...fill, atLine(6 + 2 * 10_000, "-3.50", b)]));
        const first = await store.ingest({ tenantId: T, statements: [twins("EREF", "EREF")], documentId, source: "a" });
        const accountId = first.accounts[0] as AccountId;
        await store.ingest({ tenantId: T, statements: [twins("E2E-0", "E2E-0")], documentId, source: "a" });
        await store.ingest({ tenantId: T, statements: [twins("E2E-1", "E2E-0")], documentId, source: "a" });
        await store.ingest({ tenantId: T, statements: [twins("E2E-1", "E2E-0")], documentId, source: "a" });
        const refs = await raw(`SELECT entry_json FROM transactions WHERE account_id = ${accountId} AND amount_minor = -350`);
        const read = refs.map((r) => (JSON.parse(String(r.entry_json)) as { references?: { customerReference?: string } }).references);
        expect(read.map((r) => r?.customerReference)).toContain("E2E-1");
        expect(read.map((r) => r?.customerReference)).toContain("E2E-0");
      }, 60_000);

      it("finds the entries of a camt written on one line each by its path", async () => {
        const n = freshAccount();
        const documentId = await saveDocument(`camt one line ${n}`);
        const cafes = (a: string, b: string) =>
          onAccount(
            n,
            statement([
              entry("-3.50", {
                source: { line: 1, path: "/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]" },
                references: { customerReference: a },
              }),
              entry("-3.50", {
                source: { line: 1, path: "/Document/BkToCstmrStmt/Stmt[1]/Ntry[2]" },
                references: { customerReference: b },
              }),
            ]),
          );
        await store.ingest({ tenantId: T, statements: [cafes("EREF", "EREF")], documentId, source: "a" });
        const again = await store.ingest({ tenantId: T, statements: [cafes("E2E-1", "E2E-2")], documentId, source: "a" });
        // By their line, both were at one place, which names neither: both were stored again.
        expect([again.added, again.updated]).toEqual([0, 2]);
        expect(await countOf(n)).toBe(2);
      });

      describe("stored before migration 0004 (no place recorded)", () => {
        /** The account's rows as a database from before 0004 holds them: without a place. */
        const unplace = async (accountId: AccountId) => {
          await raw(`UPDATE transactions SET source_position = NULL WHERE account_id = ${accountId}`);
        };
        const referencesOf = async (accountId: AccountId) =>
          (await store.transactions.list({ tenantId: T, accountId })).items
            .map((t) => {
              const e = entryOf<{ references?: { customerReference?: string }; counterparty?: { name?: string } }>(t);
              return `${e.counterparty?.name ?? ""}/${e.references?.customerReference ?? ""}`;
            })
            .sort();

        it("updates them on the first re-reading instead of adding them again, and records their place", async () => {
          const n = freshAccount();
          const documentId = await saveDocument(`upgrade ${n}`);
          const old = onAccount(n, statement([atLine(4, "-10.00", "EREF"), atLine(6, "25.00", "EREF"), atLine(8, "-3.00", "NONREF")]));
          const now = onAccount(n, statement([atLine(4, "-10.00", "E2E-1"), atLine(6, "25.00", "E2E-2"), atLine(8, "-3.00", "NONREF")]));
          const first = await store.ingest({ tenantId: T, statements: [old], documentId, source: "file:a.sta" });
          await unplace(first.accounts[0] as AccountId);
          const again = await store.ingest({ tenantId: T, statements: [now], documentId, source: "file:a.sta" });
          expect([again.added, again.updated, again.unchanged]).toEqual([0, 2, 1]);
          expect(again.issues).toEqual([
            expect.objectContaining({ severity: "warning", code: "INGEST_READ_ANEW", details: { documentId, transactions: 2 } }),
          ]);
          expect(await countOf(n)).toBe(3);
          expect(await referencesOf(first.accounts[0] as AccountId)).toEqual([
            "Supplier BV/E2E-1",
            "Supplier BV/E2E-2",
            "Supplier BV/NONREF",
          ]);
          const placed = await raw(
            `SELECT source_position FROM transactions WHERE account_id = ${first.accounts[0]} AND source_position IS NOT NULL`,
          );
          expect(placed.map((r) => String(r.source_position)).sort()).toEqual(["4", "6"]);
          const third = await store.ingest({ tenantId: T, statements: [now], documentId, source: "file:a.sta" });
          expect([third.added, third.updated + third.unchanged]).toEqual([0, 3]);
          expect(await countOf(n)).toBe(3);
        });

        it("tells lines of the same amount and dates apart by counterparty and text when each is alone in both readings", async () => {
          const n = freshAccount();
          const documentId = await saveDocument(`two cafes ${n}`);
          const lines = (a: string, b: string) =>
            onAccount(
              n,
              statement([
                atLine(4, "-3.50", a, { counterparty: { name: "Cafe A" } }),
                atLine(6, "-3.50", b, { counterparty: { name: "Cafe B" } }),
              ]),
            );
          const first = await store.ingest({ tenantId: T, statements: [lines("EREF", "EREF")], documentId, source: "a" });
          await unplace(first.accounts[0] as AccountId);
          const again = await store.ingest({ tenantId: T, statements: [lines("E2E-1", "E2E-2")], documentId, source: "a" });
          expect([again.added, again.updated]).toEqual([0, 2]);
          expect(await referencesOf(first.accounts[0] as AccountId)).toEqual(["Cafe A/E2E-1", "Cafe B/E2E-2"]);
        });

        it("does not pair lines it cannot tell apart: one of two alike lines taken over by another document is not merged into the other", async () => {
          const n = freshAccount();
          const documentId = await saveDocument(`alike ${n}`);
          // Two coffees of one price on one day at one cafe; the first one's customer reference is read anew, the
          // second's (NONREF) is not, so the second still finds its row by fingerprint.
          const lines = (a: string) =>
            onAccount(
              n,
              statement([
                atLine(4, "-3.50", a, { counterparty: { name: "Cafe" } }),
                atLine(6, "-3.50", "NONREF", { counterparty: { name: "Cafe" } }),
              ]),
            );
          const first = await store.ingest({ tenantId: T, statements: [lines("EREF")], documentId, source: "a" });
          const accountId = first.accounts[0] as AccountId;
          await unplace(accountId);
          // The first coffee's row was since taken over by another document (as a booked state would).
          const elsewhere = await saveDocument(`booked ${n}`);
          await raw(
            `UPDATE transactions SET document_id = '${elsewhere}' WHERE account_id = ${accountId} AND id = (SELECT MIN(id) FROM transactions WHERE account_id = ${accountId})`,
          );
          const again = await store.ingest({ tenantId: T, statements: [lines("E2E-1")], documentId, source: "a" });
          // Paired in order, the first line took the second coffee's row, which the second line then also found by
          // its fingerprint: two coffees in one row. Left apart, the first line is stored again (a duplicate of the row
          // elsewhere), and both coffees are still there.
          expect([again.added, again.updated, again.unchanged]).toEqual([1, 0, 1]);
          expect(await referencesOf(accountId)).toEqual(["Cafe/E2E-1", "Cafe/EREF", "Cafe/NONREF"]);
        });

        it("never leaves a later statement's row under a key another line can write over it: a line whose own row went to another document (second review)", async () => {
          // Two statements of one account in the document, a coffee at Cafe A in the first and one of the same price and
          // day at Cafe B in the second. Cafe A's row was since taken over by another document.
          const n = freshAccount();
          const documentId = await saveDocument(`later statement ${n}`);
          const days = (a: string) => [
            onAccount(n, statement([atLine(4, "-3.50", a, { counterparty: { name: "Cafe A" } })])),
            onAccount(n, statement([atLine(9, "-3.50", "NONREF", { counterparty: { name: "Cafe B" } })])),
          ];
          const first = await store.ingest({ tenantId: T, statements: days("EREF"), documentId, source: "a" });
          const accountId = first.accounts[0] as AccountId;
          const other = await store.ingest({
            tenantId: T,
            statements: [
              onAccount(n, statement([atLine(3, "-3.50", "EREF", { counterparty: { name: "Cafe A" }, description: "CARD PAYMENT" })])),
            ],
            documentId: await saveDocument(`card ${n}`),
            source: "b",
          });
          expect(other.updated).toBe(1);
          await unplace(accountId);
          // The newer parser reads Cafe A's reference anew; Cafe B's reads as before. Cafe A's line is its statement's
          // only one of its amount and dates, and Cafe B's row the document's only stored one: paired, Cafe B's row got
          // Cafe A's new key as a second key, which Cafe B's line (by its fingerprint) did not undo.
          await store.ingest({ tenantId: T, statements: days("E2E-1"), documentId, source: "a" });
          // A document read the new way that lists Cafe A's coffee alone.
          await store.ingest({
            tenantId: T,
            statements: [days("E2E-1")[0] as Statement],
            documentId: await saveDocument(`new way ${n}`),
            source: "c",
          });
          const parties = (await referencesOf(accountId)).map((r) => r.split("/")[0]);
          expect(parties).toContain("Cafe B");
          expect(parties.filter((p) => p === "Cafe A").length).toBeGreaterThanOrEqual(1);
        });

        it("never leaves a line the earlier reading never stored in a later statement's row of the same amount and dates that the later line, read anew, would also take (third review)", async () => {
          const n = freshAccount();
          const documentId = await saveDocument(`never stored, paired ${n}`);
          const oldWay = [
            onAccount(n, statement([])),
            onAccount(n, statement([atLine(9, "-3.50", "EREF", { counterparty: { name: "Cafe B" } })])),
          ];
          const first = await store.ingest({ tenantId: T, statements: oldWay, documentId, source: "a" });
          const accountId = first.accounts[0] as AccountId;
          await unplace(accountId);
          // The new reading has a coffee at Cafe A in the first statement (never stored) and reads Cafe B's reference anew.
          await store.ingest({
            tenantId: T,
            statements: [
              onAccount(n, statement([atLine(4, "-3.50", "NONREF", { counterparty: { name: "Cafe A" } })])),
              onAccount(n, statement([atLine(9, "-3.50", "E2E-1", { counterparty: { name: "Cafe B" } })])),
            ],
            documentId,
            source: "a",
          });
          await store.ingest({ tenantId: T, statements: oldWay, documentId, source: "a" });
          // Cafe A was paired with Cafe B's row; Cafe B's line was stored again; the old reading wrote Cafe B back over it.
          const parties = (await referencesOf(accountId)).map((r) => r.split("/")[0]);
          expect(parties).toContain("Cafe A");
          expect(parties).toContain("Cafe B");
          expect(parties.length).toBe(2);
        });

        it("does not pair alike lines that are both still in the document: adds them again rather than guess", async () => {
          const n = freshAccount();
          const documentId = await saveDocument(`alike twice ${n}`);
          const lines = (a: string, b: string) =>
            onAccount(
              n,
              statement([
                atLine(4, "-3.50", a, { counterparty: { name: "Cafe" } }),
                atLine(6, "-3.50", b, { counterparty: { name: "Cafe" } }),
              ]),
            );
          const first = await store.ingest({ tenantId: T, statements: [lines("EREF", "EREF")], documentId, source: "a" });
          await unplace(first.accounts[0] as AccountId);
          const again = await store.ingest({ tenantId: T, statements: [lines("E2E-1", "E2E-2")], documentId, source: "a" });
          expect([again.added, again.updated]).toEqual([2, 0]);
          expect(await countOf(n)).toBe(4);
        });
      });
    });

    describe("#transactions", () => {
      let account: AccountId;
      beforeAll(async () => {
        const n = freshAccount();
        const statements = [...generateStatements({ seed: 9, statements: 5, entriesPerStatement: 25, startDate: D("2024-05-01") })].map(
          (s) => onAccount(n, s),
        );
        await store.ingest({ tenantId: T, statements, source: "x" });
        account = (await store.accounts.findByNumber(T, n))?.id as AccountId;
      });

      it("pages through every transaction exactly once, newest first", async () => {
        const seen: string[] = [];
        const dates: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await store.transactions.list({
            tenantId: T,
            accountId: account,
            limit: 7,
            ...(cursor === undefined ? {} : { cursor }),
          });
          seen.push(...page.items.map((t) => t.id));
          dates.push(...page.items.map((t) => t.bookingDate ?? ""));
          cursor = page.nextCursor;
        } while (cursor !== undefined);
        expect(seen).toHaveLength(125);
        expect(new Set(seen).size).toBe(125);
        expect([...dates].sort().reverse()).toEqual(dates);
      });

      it("filters by dates and status", async () => {
        const page = await store.transactions.list({
          tenantId: T,
          accountId: account,
          from: D("2024-05-02"),
          to: D("2024-05-03"),
          limit: 1000,
        });
        expect(page.items).toHaveLength(50);
        expect(page.items.every((t) => t.bookingDate === "2024-05-02" || t.bookingDate === "2024-05-03")).toBe(true);
        const pending = await store.transactions.list({ tenantId: T, accountId: account, status: "pending", limit: 1000 });
        expect(pending.items.every((t) => t.status === "pending")).toBe(true);
      });

      it("gets one transaction by id and hides it from other tenants", async () => {
        const first = (await store.transactions.list({ tenantId: T, accountId: account, limit: 1 })).items[0];
        expect(first).toBeDefined();
        expect(await store.transactions.get(T, first!.id)).toEqual(first);
        expect(await store.transactions.get(OTHER, first!.id)).toBeUndefined();
        expect(await store.transactions.get(T, "not-a-number" as never)).toBeUndefined();
        expect((await store.transactions.list({ tenantId: OTHER, accountId: account })).items).toEqual([]);
      });

      it("rejects a cursor it did not issue", async () => {
        await expect(store.transactions.list({ tenantId: T, cursor: "garbage" })).rejects.toMatchObject({ code: "REQUEST_INVALID" });
      });

      it("returns the canonical entry JSON with signed decimal amounts", async () => {
        const t = (await store.transactions.list({ tenantId: T, accountId: account, limit: 1 })).items[0]!;
        const e = t.entry as { amount: string; currency: string; status: string };
        expect(e.currency).toBe("EUR");
        expect(parseMoney(e.amount, "EUR")).toEqual(t.amount);
      });
    });

    describe("#apiKeys", () => {
      it("verifies a live key, never stores its secret and refuses it once revoked", async () => {
        const { key, secret } = await store.apiKeys.create({ tenantId: T, name: "ci", role: "operator" });
        expect(secret).toMatch(/^bbk_[A-Za-z0-9_-]{43}$/);
        expect(await store.apiKeys.verify(secret)).toMatchObject({ id: key.id, tenantId: T, role: "operator" });
        expect(await store.apiKeys.verify(`${secret}x`)).toBeUndefined();
        expect(await store.apiKeys.verify("not a key")).toBeUndefined();
        expect(JSON.stringify(await store.apiKeys.list(T))).not.toContain(secret.slice(4));
        expect(await store.apiKeys.revoke(OTHER, key.id)).toBe(false);
        expect(await store.apiKeys.revoke(T, key.id)).toBe(true);
        expect(await store.apiKeys.verify(secret)).toBeUndefined();
      });
    });

    describe("#ping", () => {
      it("answers when the database is up", async () => {
        await expect(store.ping()).resolves.toBeUndefined();
      });
    });
  });
}

describe("store dialect selection", () => {
  it("runs the suite on SQLite at least", () => {
    expect(DIALECTS.map((d) => d.name)).toContain("sqlite");
  });
});
