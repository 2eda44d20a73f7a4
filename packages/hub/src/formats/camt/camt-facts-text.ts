/**
 * What the machine is filling inside an entry: the facts record (the entry's own or a transaction's) and the
 * party, account, agent, exchange, charge and remittance block being read in it. Opening actions point it; text
 * actions fill what it points at. Kept apart from the machine because this switch is most of the parser.
 *
 * @module
 */
import * as A from "./camt-actions.js";
import {
  type AccountRecord,
  type AgentRecord,
  type ChargeRecord,
  DocumentRecord,
  type ExchangeRecord,
  FactsRecord,
  type PartyRecord,
  type StructuredRecord,
} from "./camt-collectors.js";
import type { ValueReader } from "./camt-value-reader.js";
import { camtRate, collapse } from "./camt-values.js";

/** `list` with `item` added (a new list when there is none yet). */
export function push<T>(list: T[] | undefined, item: T): T[] {
  if (list === undefined) return [item];
  list.push(item);
  return list;
}

/** The records text goes into. */
export class FactsCursor {
  facts = new FactsRecord();
  party: PartyRecord | undefined = undefined;
  account: AccountRecord | undefined = undefined;
  agent: AgentRecord | undefined = undefined;
  exchange: ExchangeRecord | undefined = undefined;
  /** The charge being read, and the 001.02-style charge its `Chrgs` element is (records come back to it). */
  charge: ChargeRecord | undefined = undefined;
  chargeList: ChargeRecord | undefined = undefined;
  structured: StructuredRecord | undefined = undefined;
  document: DocumentRecord | undefined = undefined;

  /** Stores `value` for a transaction-fact `action`; `false` when the action is not one of those. */
  text(action: number, value: string, values: ValueReader): boolean {
    const facts = this.facts;
    switch (action) {
      // Transaction references and facts: the most frequent, first.
      case A.T_REF_ACCTSVCR:
        facts.accountServicerReference = value;
        return true;
      case A.T_REF_E2E:
        facts.endToEndId = value;
        return true;
      case A.T_REF_INSTR:
        facts.instructionId = value;
        return true;
      case A.T_REF_MSGID:
        facts.messageId = value;
        return true;
      case A.T_REF_PMTINF:
        facts.paymentInformationId = value;
        return true;
      case A.T_REF_UETR:
        facts.uetr = collapse(value);
        return true;
      case A.T_REF_TX:
        facts.transactionId = value;
        return true;
      case A.T_REF_MNDT:
        facts.mandateId = value;
        return true;
      case A.T_REF_CHQ:
        facts.chequeNumber = value;
        return true;
      case A.T_REF_CLRSYS:
        facts.clearingSystemReference = value;
        return true;
      case A.T_REF_OWNER_TX:
        facts.ownerTransactionId = value;
        return true;
      case A.T_REF_SERVICER_TX:
        facts.servicerTransactionId = value;
        return true;
      case A.T_TX_AMT:
        facts.amount = values.money(value, "the transaction's amount is left out");
        return true;
      case A.T_BTC_DOMAIN:
        facts.domain = values.code(value);
        return true;
      case A.T_BTC_FAMILY:
        facts.family = values.code(value);
        return true;
      case A.T_BTC_SUBFAMILY:
        facts.subFamily = values.code(value);
        return true;
      case A.T_BTC_PRTRY:
        facts.proprietaryCode = value;
        return true;
      case A.T_BTC_ISSUER:
        facts.proprietaryIssuer = value;
        return true;
      case A.T_INSTD_AMT:
        facts.instructed = values.money(value, "the instructed amount is left out");
        return true;
      case A.T_TXAMT_AMT:
        facts.transactionAmount = values.money(value, "the transaction amount is left out");
        return true;
      case A.T_FX_SRC:
        if (this.exchange !== undefined) this.exchange.source = values.currency(value);
        return true;
      case A.T_FX_TRGT:
        if (this.exchange !== undefined) this.exchange.target = values.currency(value);
        return true;
      case A.T_FX_UNIT:
        if (this.exchange !== undefined) this.exchange.unit = values.currency(value);
        return true;
      case A.T_FX_RATE: {
        const rate = camtRate(value);
        if (rate === undefined)
          values.report("error", "CAMT_VALUE_INVALID", `${JSON.stringify(value.slice(0, 40))} is not an exchange rate; it is left out`);
        if (this.exchange !== undefined) this.exchange.rate = rate;
        return true;
      }
      case A.T_FX_CONTRACT:
        if (this.exchange !== undefined) this.exchange.contract = value;
        return true;
      case A.T_FX_DATE:
        if (this.exchange !== undefined) this.exchange.date = values.dayOrMoment(value).date;
        return true;
      case A.T_CHRG_AMT:
        if (this.charge !== undefined) this.charge.amount = values.money(value, "the charge is left out");
        return true;
      case A.T_CHRG_TYPE:
        if (this.charge !== undefined) this.charge.type = values.code(value);
        return true;
      case A.T_CHRG_BEARER:
        if (this.charge !== undefined) this.charge.bearer = values.code(value);
        return true;
      case A.T_CHRG_INCL:
        if (this.charge !== undefined) this.charge.included = values.boolean(value);
        return true;
      case A.T_PTY_NAME:
        if (this.party !== undefined) this.party.name = value;
        return true;
      case A.T_PTY_ID:
        if (this.party !== undefined) this.party.id ??= collapse(value);
        return true;
      case A.T_PTY_OTHR_ID:
        if (this.party !== undefined) this.party.otherId = collapse(value);
        return true;
      case A.T_PTY_OTHR_SCHEME:
        if (this.party !== undefined) this.party.otherScheme = values.code(value);
        return true;
      case A.T_ADR_LINE:
        if (this.party !== undefined) this.party.lines = push(this.party.lines, value);
        return true;
      case A.T_ADR_STREET:
        if (this.party !== undefined) this.party.street = value;
        return true;
      case A.T_ADR_BUILDING:
        if (this.party !== undefined) this.party.building = value;
        return true;
      case A.T_ADR_POSTCODE:
        if (this.party !== undefined) this.party.postcode = value;
        return true;
      case A.T_ADR_TOWN:
        if (this.party !== undefined) this.party.town = value;
        return true;
      case A.T_ADR_COUNTRY:
        if (this.party !== undefined) this.party.country = values.code(value);
        return true;
      case A.T_ACCT_IBAN:
        if (this.account !== undefined) this.account.iban = collapse(value);
        return true;
      case A.T_ACCT_BBAN:
        if (this.account !== undefined) this.account.bban = collapse(value);
        return true;
      case A.T_ACCT_OTHER:
        if (this.account !== undefined) this.account.other = collapse(value);
        return true;
      case A.T_ACCT_OTHR_ID:
        if (this.account !== undefined) this.account.otherId = collapse(value);
        return true;
      case A.T_ACCT_SCHEME_CD:
        if (this.account !== undefined) this.account.schemeCode = values.code(value);
        return true;
      case A.T_ACCT_SCHEME_PRTRY:
        if (this.account !== undefined) this.account.schemeProprietary = values.code(value);
        return true;
      case A.T_AGT_BIC:
        if (this.agent !== undefined) this.agent.bic = values.code(value);
        return true;
      case A.T_AGT_MMBID:
        if (this.agent !== undefined) this.agent.memberId = collapse(value);
        return true;
      case A.T_AGT_CLRSYS:
        if (this.agent !== undefined) this.agent.clearingSystem = values.code(value);
        return true;
      case A.T_AGT_NAME:
        if (this.agent !== undefined) this.agent.name = value;
        return true;
      case A.T_AGT_CTRY:
        if (this.agent !== undefined) this.agent.country = values.code(value);
        return true;
      case A.T_AGT_OTHR:
        if (this.agent !== undefined) this.agent.other = collapse(value);
        return true;
      case A.T_PURPOSE:
        facts.purpose = values.code(value);
        return true;
      case A.T_USTRD:
        facts.unstructured = push(facts.unstructured, value);
        return true;
      case A.T_DOC_TYPE:
        if (this.document !== undefined) this.document.type = values.code(value);
        return true;
      case A.T_DOC_NUMBER:
        if (this.document !== undefined) this.document.number = value;
        return true;
      case A.T_DOC_DATE:
        if (this.document !== undefined) this.document.date = values.date(value);
        return true;
      case A.T_STRD_DOC_DATE: {
        // 001.01 dates the referred document beside it rather than inside it.
        const strd = this.structured;
        if (strd === undefined) return true;
        const doc = strd.documents?.at(-1) ?? new DocumentRecord();
        if (strd.documents === undefined) strd.documents = [doc];
        doc.date = values.date(value);
        return true;
      }
      case A.T_STRD_AMT:
        if (this.structured !== undefined) this.structured.remitted = values.money(value, "the remitted amount is left out");
        return true;
      case A.T_STRD_DUE_AMT:
        if (this.structured !== undefined) this.structured.due = values.money(value, "the due amount is left out");
        return true;
      case A.T_CREF_TYPE:
        if (this.structured !== undefined) this.structured.referenceType = values.code(value);
        return true;
      case A.T_CREF_ISSUER:
        if (this.structured !== undefined) this.structured.referenceIssuer = value;
        return true;
      case A.T_CREF:
        if (this.structured !== undefined) this.structured.reference = value;
        return true;
      case A.T_STRD_INFO:
        if (this.structured !== undefined) this.structured.info = push(this.structured.info, value);
        return true;
      case A.T_RTR_REASON:
        facts.returnReason = values.code(value);
        return true;
      case A.T_RTR_INFO:
        facts.returnInfo = push(facts.returnInfo, value);
        return true;
      case A.T_TX_INFO:
        facts.info = value;
        return true;
    }
    return false;
  }
}
