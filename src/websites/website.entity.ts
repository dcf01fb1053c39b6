import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export interface WidgetSettings {
  color: string;
  greeting: string;
  position: 'right' | 'left';
}

@Entity('websites')
export class WebsiteEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @Column({ type: 'varchar', length: 64 }) key: string;
  @Column({ name: 'previous_key', type: 'varchar', length: 64, nullable: true }) previousKey: string | null;
  @Column({ name: 'previous_key_expires_at', type: 'timestamptz', nullable: true }) previousKeyExpiresAt: Date | null;
  @Column({ name: 'allowed_origins', type: 'text', array: true }) allowedOrigins: string[];
  @Column({ type: 'jsonb' }) settings: Partial<WidgetSettings>;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', insert: false, update: false }) updatedAt: Date;
}
