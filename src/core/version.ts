/** The version written into traces (`handoffVersion`); kept in step with package.json by a test. */
export const HANDOFF_VERSION = '0.1.0';
