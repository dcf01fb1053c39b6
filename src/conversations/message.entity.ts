import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type SenderType = 'visitor' | 'agent' | 'system';

@Entity('messages')
export class MessageEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'conversation_id', type: 'uuid' }) conversationId: string;
  @Column({ type: 'integer' }) seq: number;
  @Column({ name: 'client_message_id', type: 'uuid' }) clientMessageId: string;
  @Column({ name: 'sender_type', type: 'varchar', length: 8 }) senderType: SenderType;
  @Column({ name: 'sender_visitor_id', type: 'uuid', nullable: true }) senderVisitorId: string | null;
  @Column({ name: 'sender_agent_id', type: 'uuid', nullable: true }) senderAgentId: string | null;
  @Column({ type: 'text' }) body: string;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', insert: false, update: false }) updatedAt: Date;
}
