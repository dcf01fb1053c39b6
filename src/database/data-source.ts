import { DataSource, DataSourceOptions } from 'typeorm';
import { migrations } from '../../migrations';
import { AgentEntity } from '../agents/agent.entity';
import { RefreshTokenEntity } from '../agents/refresh-token.entity';
import { ConversationEntity } from '../conversations/conversation.entity';
import { MessageEntity } from '../conversations/message.entity';
import { VisitorEntity } from '../visitors/visitor.entity';
import { WebsiteMemberEntity } from '../websites/website-member.entity';
import { WebsiteEntity } from '../websites/website.entity';

export const entities = [
  AgentEntity,
  RefreshTokenEntity,
  WebsiteEntity,
  WebsiteMemberEntity,
  VisitorEntity,
  ConversationEntity,
  MessageEntity,
];

/** The one place connection options are built: app, migration CLI and tests all use it. */
export function dataSourceOptions(url: string, poolSize = 20): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    // The schema comes from migrations only, everywhere, tests included.
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: { max: poolSize, connectionTimeoutMillis: 5000 },
  };
}

export function createDataSource(url: string, poolSize?: number): DataSource {
  return new DataSource(dataSourceOptions(url, poolSize));
}
