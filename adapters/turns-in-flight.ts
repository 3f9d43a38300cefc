/**
 * The turns an adapter has started and not finished, so a graceful shutdown can wait for them
 * (with a timeout) before storage closes.
 */
export class TurnsInFlight {
  private readonly turns = new Set<Promise<unknown>>();

  /** Tracks a turn until it settles; never rejects itself. */
  track(turn: Promise<unknown>): void {
    this.turns.add(turn);
    void turn.finally(() => this.turns.delete(turn)).catch(() => undefined);
  }

  /** Waits until the tracked turns have finished, or the timeout passes; true when all finished. */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const finished = Promise.allSettled([...this.turns]).then(() => true as const);
    const result = await Promise.race([finished, timeout]);
    clearTimeout(timer);
    return result;
  }

  get size(): number {
    return this.turns.size;
  }
}
