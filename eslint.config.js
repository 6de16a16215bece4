import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layering of src/ (ARCHITECTURE.md), enforced: each folder lists the folders it must not import — every higher
 * layer and its peers. tensor → autograd → nn → optim → linalg, ode → dynamics, landscape, neuro → experiments → viz →
 * cli; spec is plain types any layer may use. Below src/cli nothing imports `node:` (the library runs in a Web Worker).
 */
const FORBIDDEN = {
  spec: ['tensor', 'autograd', 'nn', 'optim', 'linalg', 'ode', 'dynamics', 'landscape', 'neuro', 'experiments', 'viz', 'cli'],
  tensor: ['autograd', 'nn', 'optim', 'linalg', 'ode', 'dynamics', 'landscape', 'neuro', 'experiments', 'viz', 'cli'],
  autograd: ['nn', 'optim', 'linalg', 'ode', 'dynamics', 'landscape', 'neuro', 'experiments', 'viz', 'cli'],
  nn: ['optim', 'linalg', 'ode', 'dynamics', 'landscape', 'neuro', 'experiments', 'viz', 'cli'],
  optim: ['linalg', 'ode', 'dynamics', 'landscape', 'neuro', 'experiments', 'viz', 'cli'],
  linalg: ['ode', 'dynamics', 'landscape', 'neuro', 'experiments', 'viz', 'cli'],
  ode: ['linalg', 'dynamics', 'landscape', 'neuro', 'experiments', 'viz', 'cli'],
  dynamics: ['landscape', 'neuro', 'experiments', 'viz', 'cli'],
  landscape: ['dynamics', 'neuro', 'experiments', 'viz', 'cli'],
  neuro: ['dynamics', 'landscape', 'experiments', 'viz', 'cli'],
  experiments: ['viz', 'cli'],
  viz: ['experiments', 'cli'],
};
const layerRules = Object.entries(FORBIDDEN).map(([folder, banned]) => ({
  files: [`src/${folder}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { group: ['node:*'], message: 'src/ below src/cli is isomorphic (it runs in a Web Worker): no node: imports.' },
          {
            // ../X/… from src/<folder>/, ../../X/… from one folder deeper.
            group: banned.flatMap((b) => [`../${b}/*`, `../../${b}/*`, `../${b}`, `../../${b}`]),
            message: `src/${folder} must not import this layer (ARCHITECTURE.md: a lower layer never imports a higher one, nor a peer).`,
          },
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['**/*.tmp.*', '.tmp-*/**', 'dist/**', 'node_modules/**', 'runs/**', 'report/**', 'web/dist/**', 'docs/api/**', 'coverage/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  ...layerRules,
);
