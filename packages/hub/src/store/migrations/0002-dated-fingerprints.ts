import { type Kysely, type Migration, sql } from "kysely";

/**
 * Fingerprints start with the entry's date (`fingerprint.ts`): keys stored before get it in front, so that
 * re-importing an old document finds its transactions again. The date is the one the key was hashed with —
 * the booking date, else the value date — which the row keeps in its own columns. A key that already holds the
 * `:` is left alone: old keys are base64url and an occurrence number, which never do.
 */
export function datedFingerprints(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`UPDATE transactions SET fingerprint = COALESCE(booking_date, value_date, '') || ':' || fingerprint
        WHERE fingerprint NOT LIKE '%:%'`.execute(db);
    },
  };
}
