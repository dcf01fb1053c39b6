import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/**
 * In-process notice that agent sessions (refresh families) ended: logout, reuse detection,
 * password change. The realtime gateway listens and disconnects those sockets cluster-wide.
 */
@Injectable()
export class SessionEvents {
  private readonly emitter = new EventEmitter();

  revoked(familyIds: string[]): void {
    if (familyIds.length) this.emitter.emit('revoked', familyIds);
  }

  onRevoked(listener: (familyIds: string[]) => void): () => void {
    this.emitter.on('revoked', listener);
    return () => this.emitter.off('revoked', listener);
  }
}
