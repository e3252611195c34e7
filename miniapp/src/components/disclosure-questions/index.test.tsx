import { render } from '@testing-library/react'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession } from '../../../test/support/render'
import { buildQuestion } from '../../../test/support/ask-builders'
import { DisclosureQuestions } from './index'

const V1 = '65f0000000000000000000d1'
const V3 = '65f0000000000000000000d3'

describe('DisclosureQuestions', () => {
  beforeEach(() => resetSession())

  it.each(['published', 'superseded'])(
    'should list the series’ threads on a %s version, saying which version each was asked on',
    async (status) => {
      const asked = buildQuestion({ disclosureId: V1, disclosureVersion: 1, text: '第一问', public: true })
      const here = buildQuestion({ id: '65f0000000000000000000q2', disclosureId: V3, disclosureVersion: 3 })
      fakeBff({
        [`GET /api/v1/disclosures/${V3}/questions`]: () => ({
          status: 200,
          body: { questions: [asked, { ...here, text: '第二问' }] },
        }),
      })
      const { container } = render(<DisclosureQuestions disclosureId={V3} status={status} />)
      await flush()
      const lines = [...container.querySelectorAll('.cw-dquestions__q')].map((e) => e.textContent)
      expect(lines).toHaveLength(2)
      expect(lines[0]).toContain('（针对第1版）')
      expect(lines[1]).not.toContain('针对')
    },
  )

  it('should not ask for the threads of a retracted version', async () => {
    const seen = fakeBff({})
    const { container } = render(<DisclosureQuestions disclosureId={V1} status="retracted" />)
    await flush()
    expect(seen).toHaveLength(0)
    expect(container.textContent).toBe('')
  })
})
