import type { ConnectReport, RestartReport, StatusReport } from './connection-generator';
import { rssKiB } from './machine';
import { GeneratorProcess, ServerProcess, sleep } from './processes';
import type { Profile } from './profiles';
import type { Recorder } from './recorder';
import { distribution, percentile } from './stats';
import type { Side } from './tenants';

export interface ConnectionsOptions {
  side: Side;
  /** Starts the instance (on `port` when given, to restart it where clients expect it). */
  start: (port?: number) => Promise<ServerProcess>;
  /** REST origin for the agents' catch-up after the restart; null when the server keeps no history. */
  catchUp: boolean;
  profile: Profile['connections'];
}

/**
 * Ramps idle authenticated visitor sockets onto one instance (connect rate, handshake times,
 * server RSS per socket), then restarts the instance under them while a few conversations keep
 * talking: time until 99% of sockets are back, and what was lost or stored twice.
 */
export async function connectionsCase(recorder: Recorder, options: ConnectionsOptions): Promise<void> {
  const { side, profile } = options;
  let server = await options.start();
  const generator = new GeneratorProcess('connection-generator.ts');
  // Only a server that keeps history can be held to "nothing lost": the relay has no talkers.
  const talkers = options.catchUp && profile.restart ? profile.activeConversations : 0;
  try {
    if (talkers > 0) {
      const websites = await side.websites(talkers, 50, server.url, server.url);
      await generator.request({ type: 'traffic', websites, apiUrl: server.url }, 120_000);
    }
    const targets = await side.idleVisitors(profile.sockets, server.url);
    await sleep(1000);
    await recorder.measure(
      'connections',
      side.name,
      { sockets: profile.sockets, concurrency: profile.concurrency },
      async () => {
        const rssBefore = rssKiB(server.pid);
        const ramp = await generator.request<ConnectReport>(
          { type: 'connect', targets, concurrency: profile.concurrency },
          300_000,
        );
        await sleep(1500);
        const rssAfter = rssKiB(server.pid);
        const handshake = distribution(ramp.handshake);
        return {
          metrics: {
            connected: ramp.connected,
            failed: ramp.failed,
            errors: ramp.errors,
            retried: ramp.retried,
            rampMs: ramp.durationMs,
            connectRate: Math.round((ramp.connected / ramp.durationMs) * 1000),
            handshake,
            rssBeforeKiB: rssBefore,
            rssAfterKiB: rssAfter,
            rssPerSocketKiB:
              rssBefore && rssAfter && ramp.connected
                ? Math.round(((rssAfter - rssBefore) / ramp.connected) * 10) / 10
                : null,
          },
          invalid: ramp.failed > 0 ? `${ramp.failed} sockets failed to connect` : null,
        };
      },
    );
    if (!profile.restart) return;

    await recorder.measure('restart', side.name, { ...profile, talkers }, async () => {
      await generator.request({ type: 'traffic-begin', ratePerConversation: 1 }, 30_000);
      await sleep(2000);
      const before = await generator.request<StatusReport>({ type: 'status' }, 30_000);
      await generator.request({ type: 'mark' }, 30_000);
      const stopping = performance.now();
      await server.stop('SIGTERM');
      const stopMs = performance.now() - stopping;
      server = await options.start(server.port);
      const upMs = performance.now() - stopping;
      let status = before;
      const needed = Math.ceil(before.connected * 0.99);
      while (performance.now() - stopping < profile.backTimeoutMs) {
        status = await generator.request<StatusReport>({ type: 'status' }, 30_000);
        if (status.reconnected.length >= needed) break;
        await sleep(200);
      }
      const times = Float64Array.from(status.reconnected).sort();
      await generator.request({ type: 'traffic-stop' }, 30_000);
      // A generator that cannot finish the count (a machine too busy) loses the message figures, not the case.
      const messages =
        talkers > 0
          ? await generator
              .request<RestartReport>({ type: 'restart-end', settleMs: 10_000 }, 240_000)
              .catch((error: Error) => ({ error: error.message }))
          : null;
      const round = (v: number | null) => (v === null ? null : Math.round(v));
      return {
        metrics: {
          socketsBefore: before.connected,
          reconnected: times.length,
          backShare: Math.round((times.length / before.connected) * 1000) / 10,
          stopMs: Math.round(stopMs),
          upMs: Math.round(upMs),
          back99Ms: times.length >= needed ? Math.round(times[needed - 1]) : null,
          reconnect: {
            p50: round(percentile(times, 50)),
            p90: round(percentile(times, 90)),
            max: round(times.length ? times[times.length - 1] : null),
          },
          backTimeoutMs: profile.backTimeoutMs,
          gaveUp: status.gaveUp,
          connectErrors: status.errors,
          messages,
        },
      };
    });
  } finally {
    await generator.close();
    await server.stop();
  }
}
