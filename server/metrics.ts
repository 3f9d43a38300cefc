import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { TurnObserver } from '../adapters/turn-observer';
import type { CluObserver, CluOutcome } from '../knowledge/clu-assisted-engine';

/** Prometheus metrics of one service instance, on its own registry (tests run several instances). */
export class ServiceMetrics implements TurnObserver, CluObserver {
  readonly registry = new Registry();
  private readonly turns: Counter<'channel' | 'outcome'>;
  private readonly turnDuration: Histogram<'channel'>;
  private readonly webhookRequests: Counter<'channel' | 'status'>;
  private readonly decisions: Counter<'decision'>;
  private readonly cluConsultations: Counter<'outcome'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'tanya_pabean_' });
    this.turns = new Counter({
      name: 'tanya_pabean_turns_total',
      help: 'Bot turns run, by channel and outcome.',
      labelNames: ['channel', 'outcome'],
      registers: [this.registry],
    });
    this.turnDuration = new Histogram({
      name: 'tanya_pabean_turn_duration_seconds',
      help: 'Time from the start of a turn to its end, by channel.',
      labelNames: ['channel'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.webhookRequests = new Counter({
      name: 'tanya_pabean_webhook_requests_total',
      help: 'Requests to channel endpoints (Direct Line, webhooks), by channel and HTTP status.',
      labelNames: ['channel', 'status'],
      registers: [this.registry],
    });
    this.decisions = new Counter({
      name: 'tanya_pabean_knowledge_decisions_total',
      help: 'Knowledge-base decisions (answer, clarify, handoff, fallback).',
      labelNames: ['decision'],
      registers: [this.registry],
    });
    this.cluConsultations = new Counter({
      name: 'tanya_pabean_clu_consultations_total',
      help: 'Azure CLU consultations by outcome; timeout and error fell back to the local engine.',
      labelNames: ['outcome'],
      registers: [this.registry],
    });
  }

  decisionMade(decision: string): void {
    this.decisions.inc({ decision });
  }

  cluConsulted(outcome: CluOutcome): void {
    this.cluConsultations.inc({ outcome });
  }

  turnCompleted(channel: string, durationSeconds: number, outcome: 'ok' | 'error'): void {
    this.turns.inc({ channel, outcome });
    this.turnDuration.observe({ channel }, durationSeconds);
  }

  webhookRequest(channel: string, status: number): void {
    this.webhookRequests.inc({ channel, status: String(status) });
  }
}
