import { CreateCoreTables1764000000000 } from './1764000000000-CreateCoreTables';
import { AddConversationReads1764000100000 } from './1764000100000-AddConversationReads';
import { CreateInvites1764000200000 } from './1764000200000-CreateInvites';
import { TeamWork1764000300000 } from './1764000300000-TeamWork';
import { AgentTools1764000400000 } from './1764000400000-AgentTools';
import { Trust1764000500000 } from './1764000500000-Trust';
import { VisitorSide1764000600000 } from './1764000600000-VisitorSide';
import { DemoWebsite1764000700000 } from './1764000700000-DemoWebsite';
import { SearchWithoutPendingList1764000900000 } from './1764000900000-SearchWithoutPendingList';
import { SearchSmallPendingList1764001000000 } from './1764001000000-SearchSmallPendingList';
import { SearchTinyPendingList1764001100000 } from './1764001100000-SearchTinyPendingList';
import { TagsIndexTaggedOnly1764001200000 } from './1764001200000-TagsIndexTaggedOnly';

/** Every migration, in order. Listed by hand so the compiled app and the CLI run exactly these. */
export const migrations = [
  CreateCoreTables1764000000000,
  AddConversationReads1764000100000,
  CreateInvites1764000200000,
  TeamWork1764000300000,
  AgentTools1764000400000,
  Trust1764000500000,
  VisitorSide1764000600000,
  DemoWebsite1764000700000,
  SearchWithoutPendingList1764000900000,
  SearchSmallPendingList1764001000000,
  SearchTinyPendingList1764001100000,
  TagsIndexTaggedOnly1764001200000,
];
