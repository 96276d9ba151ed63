import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const zodNamespaceImport = {
  selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
  message: "Use `import * as z from 'zod'`: the `z` object drags every zod locale (~260 KB) into the bundle.",
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.aws-sam/',
      'dist/',
      'coverage/',
      'jest.config.js',
      'test/summary-reporter.js',
      'test/reliability/figures-reporter.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', zodNamespaceImport],
    },
  },
  {
    // Lambda code: every client resolves its endpoint and region the SDK's way (AWS_ENDPOINT_URL, AWS_REGION).
    files: ['functions/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        zodNamespaceImport,
        {
          selector: "Property[key.name='endpoint'][value.type='Literal']",
          message: 'No hard-coded endpoints.',
        },
        { selector: "Property[key.name='region'][value.type='Literal']", message: 'No hard-coded regions.' },
      ],
    },
  },
);
