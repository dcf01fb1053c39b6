import { Column, Entity, PrimaryColumn } from 'typeorm';

export type MemberRole = 'owner' | 'admin' | 'agent';

@Entity('website_members')
export class WebsiteMemberEntity {
  @PrimaryColumn({ name: 'website_id', type: 'uuid' }) websiteId: string;
  @PrimaryColumn({ name: 'agent_id', type: 'uuid' }) agentId: string;
  @Column({ type: 'varchar', length: 8 }) role: MemberRole;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', insert: false, update: false }) updatedAt: Date;
}
