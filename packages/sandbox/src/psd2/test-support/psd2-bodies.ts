/**
 * The response bodies the PSD2 tests read, as far as they read them: each is a subset of the Berlin Group
 * schema the OpenAPI validator checks the answer against (named in each comment), so reading a validated
 * body through these types is sound.
 *
 * @module
 */

/** `hrefType`. */
export interface Href {
  readonly href: string;
}

/** `tppMessageGeneric` / `tppMessage<status>_AIS`. */
export interface TppMessage {
  readonly category: "ERROR" | "WARNING";
  readonly code: string;
  readonly text?: string;
  readonly path?: string;
}

/** `Error<status>_NG_AIS`: every refusal. */
export interface ErrorBody {
  readonly tppMessages: readonly TppMessage[];
}

/** `consentsResponse-201`. */
export interface ConsentCreated {
  readonly consentStatus: string;
  readonly consentId: string;
  readonly _links: { readonly scaRedirect: Href; readonly self: Href; readonly status: Href; readonly scaStatus: Href };
  readonly tppMessages?: readonly TppMessage[];
}

/** `accountReference` (this bank addresses accounts by IBAN). */
export interface AccountReference {
  readonly iban: string;
  readonly currency?: string;
}

/** `consentInformationResponse-200_json`. */
export interface ConsentInfo {
  readonly access: {
    readonly accounts?: readonly AccountReference[];
    readonly balances?: readonly AccountReference[];
    readonly transactions?: readonly AccountReference[];
    readonly availableAccounts?: string;
    readonly availableAccountsWithBalance?: string;
  };
  readonly recurringIndicator: boolean;
  readonly validUntil: string;
  readonly frequencyPerDay: number;
  readonly lastActionDate: string;
  readonly consentStatus: string;
}

/** `consentStatusResponse-200`. */
export interface ConsentStatusBody {
  readonly consentStatus: string;
}

/** `scaStatusResponse`. */
export interface ScaStatusBody {
  readonly scaStatus: string;
}

/** `authorisations`. */
export interface AuthorisationList {
  readonly authorisationIds: readonly string[];
}

/** `startScaprocessResponse` in the redirect approach. */
export interface AuthorisationStarted {
  readonly scaStatus: string;
  readonly authorisationId: string;
  readonly _links: { readonly scaRedirect: Href; readonly scaStatus: Href };
}

/** `amount`. */
export interface Amount {
  readonly currency: string;
  readonly amount: string;
}

/** `balance`. */
export interface Balance {
  readonly balanceType: string;
  readonly balanceAmount: Amount;
  readonly referenceDate?: string;
}

/** `accountDetails`. */
export interface AccountDetails {
  readonly resourceId: string;
  readonly iban: string;
  readonly currency: string;
  readonly ownerName?: string;
  readonly balances?: readonly Balance[];
  readonly _links?: { readonly balances?: Href; readonly transactions?: Href };
}

/** `accountList`. */
export interface AccountList {
  readonly accounts: readonly AccountDetails[];
}

/** The inline 200 schema of readAccountDetails. */
export interface AccountBody {
  readonly account: AccountDetails;
}

/** `readAccountBalanceResponse-200`. */
export interface BalancesBody {
  readonly balances: readonly Balance[];
}

/** `transactions` (transaction details as listed). */
export interface Transaction {
  readonly transactionId: string;
  readonly entryReference?: string;
  readonly bookingDate?: string;
  readonly transactionAmount: Amount;
  readonly additionalInformation?: string;
  readonly remittanceInformationUnstructured?: string;
  readonly balanceAfterTransaction?: { readonly balanceAmount: Amount };
  readonly _links?: { readonly transactionDetails?: Href };
}

/** `transactionsResponse-200_json`. */
export interface TransactionReport {
  readonly transactions: {
    readonly booked?: readonly Transaction[];
    readonly pending?: readonly Transaction[];
    readonly _links?: { readonly first?: Href; readonly previous?: Href; readonly next?: Href; readonly last?: Href };
  };
}

/** The inline 200 schema of getTransactionDetails. */
export interface TransactionDetailsBody {
  readonly transactionsDetails: Transaction;
}
