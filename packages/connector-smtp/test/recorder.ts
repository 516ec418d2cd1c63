import { createSecretRecorder } from '@seedworks/test-fixtures';

/** One recorder per test file (Vitest isolates modules per file); see setup.ts. */
export const secretRecorder = createSecretRecorder();
