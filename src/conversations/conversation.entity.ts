import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ConversationStatus = 'open' | 'closed';

@Entity('conversations')
export class ConversationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'website_id', type: 'uuid' }) websiteId: string;
  @Column({ name: 'visitor_id', type: 'uuid' }) visitorId: string;
  @Column({ type: 'varchar', length: 8 }) status: ConversationStatus;
  @Column({ name: 'assignee_id', type: 'uuid', nullable: true }) assigneeId: string | null;
  @Column({ name: 'last_seq', type: 'integer' }) lastSeq: number;
  @Column({ name: 'last_message_at', type: 'timestamptz' }) lastMessageAt: Date;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt: Date | null;
  @Column({ type: 'text', array: true }) tags: string[];
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', insert: false, update: false }) updatedAt: Date;
}
