// Babel for the Taro (webpack) builds; jest uses test/babel.jest.js instead. Options: https://docs.taro.zone/docs/babel-config
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
}
