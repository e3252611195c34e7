// Babel for jest only: plain presets for Node, not babel-preset-taro (which targets the mini-program runtime).
module.exports = {
  presets: [
    ['@babel/preset-env', { targets: { node: 'current' } }],
    ['@babel/preset-react', { runtime: 'automatic' }],
    '@babel/preset-typescript',
  ],
}
