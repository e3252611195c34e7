// Globals Taro provides at build time; app.config.ts and page configs call them.
const identity = <T>(config: T): T => config
Object.assign(globalThis, { defineAppConfig: identity, definePageConfig: identity })
