import { assertEventType, type EventType } from '../domain/events';
import { assertName } from '../domain/jobs';
import type { EventHandler, JobHandler } from './types';

/**
 * Who consumes what. Every process registers the same subscriptions (plugins do it in their
 * register()), because the relay fans an event out to one job per consumer using this map,
 * in whichever process the relay runs.
 */
export class HandlerRegistry {
  private readonly byType = new Map<string, Map<string, EventHandler>>();
  private readonly jobs = new Map<string, JobHandler>();
  private sealedBy: string | null = null;

  subscribe<T extends EventType>(consumer: string, type: T, handler: EventHandler<T>): void {
    assertName('consumer', consumer);
    assertEventType(type);
    if (typeof handler !== 'function') throw new Error(`subscribe('${consumer}', '${type}', handler): handler must be a function`);
    this.assertOpen(`subscribe('${consumer}', '${type}')`);
    const consumers = this.byType.get(type) ?? new Map<string, EventHandler>();
    if (consumers.has(consumer)) {
      throw new Error(`consumer "${consumer}" already subscribes to "${type}"; one handler per consumer and event type`);
    }
    consumers.set(consumer, handler as EventHandler);
    this.byType.set(type, consumers);
  }

  defineJob<D extends Record<string, unknown>>(name: string, handler: JobHandler<D>): void {
    assertName('job', name);
    if (typeof handler !== 'function') throw new Error(`defineJob('${name}', handler): handler must be a function`);
    this.assertOpen(`defineJob('${name}')`);
    if (this.jobs.has(name)) throw new Error(`job "${name}" is already defined`);
    this.jobs.set(name, handler as unknown as JobHandler);
  }

  consumersOf(type: string): string[] {
    return [...(this.byType.get(type)?.keys() ?? [])];
  }

  handler(type: string, consumer: string): EventHandler | undefined {
    return this.byType.get(type)?.get(consumer);
  }

  job(name: string): JobHandler | undefined {
    return this.jobs.get(name);
  }

  /** All (event type, consumer) pairs, for the worker's start-up log. */
  subscriptions(): Array<{ type: string; consumer: string }> {
    return [...this.byType.entries()].flatMap(([type, consumers]) => [...consumers.keys()].map((consumer) => ({ type, consumer })));
  }

  jobNames(): string[] {
    return [...this.jobs.keys()];
  }

  /**
   * After the relay starts, a late subscription would silently miss every event relayed before it,
   * so it is refused with a message saying where the call belongs.
   */
  seal(reason: string): void {
    this.sealedBy = reason;
  }

  private assertOpen(call: string): void {
    if (this.sealedBy) {
      throw new Error(
        `${call} came after ${this.sealedBy}; subscribe and define jobs in your plugin's register() so no event is relayed before its consumers are known`,
      );
    }
  }
}
