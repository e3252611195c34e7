// Jest for the miniapp: jsdom + Testing Library, with hand-written stand-ins for @tarojs/{taro,components}
// (@tarojs/test-utils-react cannot run pages on Taro 4: see docs/miniapp.md, Tests).
// `npx jest --json --outputFile=<file>` writes the machine-readable summary the root test runner reads.
const path = require('node:path')

module.exports = {
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'jsx', 'json'],
  transform: { '^.+\\.[jt]sx?$': ['babel-jest', { configFile: path.join(__dirname, 'test/babel.jest.js') }] },
  // Default ignores everything in node_modules; the workspace package lives outside it, so only its path matters.
  transformIgnorePatterns: ['/node_modules/'],
  moduleNameMapper: {
    '^@tarojs/components$': '<rootDir>/test/__mocks__/taro-components.tsx',
    '^@tarojs/taro$': '<rootDir>/test/__mocks__/taro.ts',
    '^@/(.*)$': '<rootDir>/src/$1',
    '\\.(css|scss|less)$': '<rootDir>/test/__mocks__/style.js',
  },
  setupFiles: ['<rootDir>/test/setup.ts'],
  globals: { __API_BASE__: '' },
  clearMocks: true,
  maxWorkers: 2,
}
