import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/**
 * Every event a module announces, by name. Each module adds its own to this map in its
 * `*.events.ts` file (declaration merging), so the map is typed end to end and no module
 * imports the ones that listen.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DomainEventMap {}

export type DomainEventName = keyof DomainEventMap;

const logger = new Logger('DomainEvents');

/**
 * In-process announcements of what happened, after it was committed: services emit, the
 * realtime module (and later others) listen. Listeners run synchronously, in the order they
 * subscribed; one that throws is logged and does not stop the others or the use case.
 */
@Injectable()
export class DomainEvents {
  private readonly emitter = new EventEmitter({ captureRejections: false });

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
}
