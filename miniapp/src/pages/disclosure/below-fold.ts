// The parts of the disclosure page below its first screen: the guides for the item, the version list, villagers'
// questions, the subscribe button and the staff's 撤下附件. The mini-program imports them with the page. The H5 build swaps this module
// for `config/lazy-below-fold.js` (see config/h5-loading.ts), which loads them in a chunk of their own once the
// disclosure has rendered, so the page's first screen does not wait for their code (docs/offline.md, The first screen).
export { DisclosureQuestions } from '@/components/disclosure-questions'
export { GuideLinks } from '@/components/guide-links'
export { SubscribeButton } from '@/components/subscribe-button'
export { VersionList } from '@/components/version-list'
export { WithdrawAttachment } from '@/components/attachment-withdraw'
