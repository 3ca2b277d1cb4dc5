/** Whose data a request may touch: one account in one mode. Nothing crosses a scope. */
export interface Scope {
  accountId: string;
  liveMode: boolean;
}
