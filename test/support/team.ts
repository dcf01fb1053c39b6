import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AgentSession, Api, VisitorSession, WebsiteInfo } from './api';
import { connect, TestSocket } from './sockets';

export type Role = 'owner' | 'admin' | 'agent';

/** A website whose owner created it through the API, with more members added straight in the database. */
export async function team(api: Api, databaseUrl: string, roles: Role[], name = 'Team') {
  const owner = await api.signup(`${name} owner`);
  const site = await api.website(owner, { name });
  const members: AgentSession[] = [];
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  try {
    for (const [i, role] of roles.entries()) {
      const member = await api.signup(`${name} ${role} ${i + 1}`);
      await pg.query('INSERT INTO website_members (website_id, agent_id, role) VALUES ($1, $2, $3)', [
        site.id,
        member.agent.id,
        role,
      ]);
      members.push(member);
    }
  } finally {
    await pg.end();
  }
  return { owner, site, members };
}

/** A visitor of the website with a socket, and the conversation their first message opened. */
export async function visitorConversation(
  api: Api,
  socketUrl: string,
  site: WebsiteInfo,
  body = 'hello',
): Promise<{ visitor: VisitorSession; socket: TestSocket; conversation: { id: string; [key: string]: unknown } }> {
  const visitor = await api.bootstrap(site.key);
  const socket = await connect(socketUrl, { websiteKey: site.key, visitorToken: visitor.visitorToken });
  const ack = await socket.emit('conversation:open', { body, clientMessageId: randomUUID() });
  if (!ack.ok) throw new Error(`open failed: ${JSON.stringify(ack)}`);
  return { visitor, socket, conversation: ack.conversation };
}

/** Polls `check` until it holds (or fails after `ms`). */
export async function until(
  what: string,
  check: () => Promise<boolean> | boolean,
  ms = 10_000,
  every = 20,
): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}
