import { myDataFileName } from './privacy'

describe('myDataFileName', () => {
  it("should date the file by the day in China, whatever the phone's time zone", () => {
    // 17:30 UTC is 01:30 of the next day in Shanghai.
    expect(myDataFileName(Date.parse('2026-06-30T17:30:00Z'))).toBe('我的信息-2026-07-01.json')
    expect(myDataFileName(new Date('2026-07-01T15:59:59Z'))).toBe('我的信息-2026-07-01.json')
  })
})
