export * from './lib/source-db.module';
