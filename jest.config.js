/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2023' } }] },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  reporters: [
    'default',
    '<rootDir>/test/reliability/figures-reporter.js',
    '<rootDir>/test/summary-reporter.js',
  ],
  restoreMocks: true,
  testTimeout: 30000,
};
