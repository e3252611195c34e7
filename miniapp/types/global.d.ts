/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.jpg'
declare module '*.jpeg'
declare module '*.svg'
declare module '*.css'
declare module '*.scss'

/** Base URL of the BFF, injected at build time from TARO_APP_API_BASE ('' = same origin, used by H5). */
declare const __API_BASE__: string

/** Whether the H5 build registers its service worker (`sw.js`, made by `npm run build:h5`); false in dev and weapp. */
declare const __SERVICE_WORKER__: boolean

declare namespace NodeJS {
  interface ProcessEnv {
    /** Node's own mode; Taro sets it from --watch / --mode. */
    NODE_ENV: 'development' | 'production' | 'test'
    /** The platform being built. */
    TARO_ENV: 'weapp' | 'h5'
    /** Base URL of the BFF, e.g. https://cunwu.example.cn; empty means same origin (H5 only). */
    TARO_APP_API_BASE?: string
  }
}
