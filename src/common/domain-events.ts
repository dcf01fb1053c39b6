import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/**
 * Every event a module announces, by name. Each module adds its own to this map in its
 * `*.events.ts` file (declaration merging), so the map is typed end to end and no module
 * imports the ones that listen.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DomainEventMap {}

/**
 * Steps of a use case that other modules take part in, inside its transaction (the payload
 * carries it), awaited before it commits: a member leaving a website unassigns their
 * conversations in the same transaction, say. Declared like events, per module.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DomainHookMap {}

export type DomainEventName = keyof DomainEventMap;
export type DomainHookName = keyof DomainHookMap;

const logger = new Logger('DomainEvents');

/**
 * In-process announcements of what happened, after it was committed: services emit, the
 * realtime module (and later others) listen. Listeners run synchronously, in the order they
 * subscribed; one that throws is logged and does not stop the others or the use case.
 */
@Injectable()
export class DomainEvents {
  private readonly emitter = new EventEmitter({ captureRejections: false });
  private readonly hooks = new Map<string, ((payload: never) => Promise<void>)[]>();

  constructor() {
    this.emitter.setMaxListeners(50);
  }

  emit<K extends DomainEventName>(name: K, event: DomainEventMap[K]): void {
    for (const listener of this.emitter.listeners(name)) {
      try {
        (listener as (event: DomainEventMap[K]) => void)(event);
      } catch (error) {
        logger.error(`a listener of ${String(name)} failed: ${(error as Error).stack ?? error}`);
      }
    }
  }

  on<K extends DomainEventName>(name: K, listener: (event: DomainEventMap[K]) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }

  /** Runs every participant of hook `name`, one after the other; one that fails fails the use case. */
  async run<K extends DomainHookName>(name: K, payload: DomainHookMap[K]): Promise<void> {
    for (const participant of this.hooks.get(name) ?? []) await participant(payload as never);
  }

  join<K extends DomainHookName>(name: K, participant: (payload: DomainHookMap[K]) => Promise<void>): void {
    const list = this.hooks.get(name) ?? [];
    list.push(participant as (payload: never) => Promise<void>);
    this.hooks.set(name, list);
  }
}
