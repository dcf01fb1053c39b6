import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('visitors')
export class VisitorEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'website_id', type: 'uuid' }) websiteId: string;
  @Column({ name: 'token_hash', type: 'bytea' }) tokenHash: Buffer;
  @Column({ name: 'token_expires_at', type: 'timestamptz' }) tokenExpiresAt: Date;
  @Column({ type: 'varchar', length: 100, nullable: true }) name: string | null;
  @Column({ type: 'varchar', length: 254, nullable: true }) email: string | null;
  @Column({ name: 'last_seen_at', type: 'timestamptz' }) lastSeenAt: Date;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', insert: false, update: false }) updatedAt: Date;
}
