/**
 * Makes a View or Text the link of a card that opens on a tap (its title, say): a screen reader names it as a link
 * and, in H5, utils/h5-button-role.ts gives it a tab stop and follows it on Enter; the click bubbles to the
 * card's handler. Spread it (`<Text {...LINK}>`): Taro's Text props do not list `role`, and H5 passes it on.
 */
export const LINK = { role: 'link' }
