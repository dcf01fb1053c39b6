import { CreateCoreTables1764000000000 } from './1764000000000-CreateCoreTables';
import { AddConversationReads1764000100000 } from './1764000100000-AddConversationReads';

/** Every migration, in order. Listed by hand so the compiled app and the CLI run exactly these. */
export const migrations = [CreateCoreTables1764000000000, AddConversationReads1764000100000];
