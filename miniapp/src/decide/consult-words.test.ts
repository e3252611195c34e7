import type { ConsultationTallyDto } from '@cunwu/domain'
import { buildConsultation } from '../../test/support/consult-builders'
import { statusWords } from './consult-words'

const tally: ConsultationTallyDto = { eligible: 3, answered: 1, participationPercent: 33.3, questions: [] }

describe('statusWords', () => {
  it('should say the result is being counted in the seconds after the deadline, before the tally is frozen', () => {
    expect(statusWords(buildConsultation({ closed: true, status: 'open', tally: null }))).toBe(
      '已截止，正在统计结果，请稍后再看',
    )
    expect(statusWords(buildConsultation({ closed: true, status: 'closed', tally }))).toBe(
      '已截止，可以看结果',
    )
  })
})
