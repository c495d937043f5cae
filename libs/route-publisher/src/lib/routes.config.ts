import { IsString } from 'class-validator';

/** The config part of every app that writes route topics (enrichment, backfill). */
export class RoutesConfig {
  /**
   * Path of the routes file (YAML or JSON; a ConfigMap mounted into the pod in Kubernetes).
   * Empty: no routes. Read once at start-up; a rolling restart picks up a new file.
   */
  @IsString()
  ROUTES_FILE = '';
}
