import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { ContentEntity } from './content.entity';

@Entity({ name: 'engagement_events' })
@Index('engagement_events_event_ts_id_idx', ['eventTs', 'id'])
export class EngagementEventEntity {
  /** BIGSERIAL: TypeORM hands it over as a string, which keeps every digit. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column('uuid', { name: 'content_id', nullable: true })
  contentId!: string | null;

  @ManyToOne(() => ContentEntity, { nullable: true })
  @JoinColumn({ name: 'content_id' })
  content?: ContentEntity | null;

  @Column('uuid', { name: 'user_id', nullable: true })
  userId!: string | null;

  @Column('text', { name: 'event_type', nullable: true })
  eventType!: 'play' | 'pause' | 'finish' | 'click' | null;

  @Column('timestamptz', { name: 'event_ts' })
  eventTs!: Date;

  @Column('integer', { name: 'duration_ms', nullable: true })
  durationMs!: number | null;

  @Column('text', { nullable: true })
  device!: string | null;

  @Column('jsonb', { name: 'raw_payload', nullable: true })
  rawPayload!: unknown;
}
