/** What adapters report about turns; the server's metrics implement it (adapters know no Prometheus). */
export interface TurnObserver {
  turnCompleted(channel: string, durationSeconds: number, outcome: 'ok' | 'error'): void;
}
