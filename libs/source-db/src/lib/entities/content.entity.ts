import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'content' })
export class ContentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { unique: true })
  slug!: string;

  @Column('text')
  title!: string;

  @Column('text', { name: 'content_type', nullable: true })
  contentType!: 'podcast' | 'newsletter' | 'video' | null;

  @Column('integer', { name: 'length_seconds', nullable: true })
  lengthSeconds!: number | null;

  @Column('timestamptz', { name: 'publish_ts' })
  publishTs!: Date;
}
