#!/usr/bin/env node
// Entry of `npx cunwu-mongo`: runs the TypeScript CLI through tsx's loader (no build step needed).
import { register } from 'tsx/esm/api'

register()
await import(new URL('../src/cli.ts', import.meta.url).href)
