import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import type { ConsultationDto, ConsultationMineDto, ConsultationParticipantsDto, MeDto } from '@cunwu/domain'
import { useLoader } from '@/hooks/use-loader'
import {
  getConsultation,
  getConsultationParticipants,
  getMyConsultationAnswers,
} from '@/services/api/consultations'
import { getMe } from '@/services/api/me'
import { Routes, pageUrl, readQueryParam } from '@/routes'
import { isStaffOf, statusWords, unitWords } from '../consult-words'
import { AnswerForm } from './answer-form'
import { ResultView } from './result-view'
import { StaffPanel } from './staff-panel'
import { PageRoot } from '@/components/page-root'
import { LoadStateBox } from '@/components/load-error'
import './index.scss'

interface Data {
  me: MeDto
  consultation: ConsultationDto
  mine: ConsultationMineDto
  participants: ConsultationParticipantsDto | null
}

/** One consultation: the draft, the answer form until the deadline, the result after it; staff see who took part. */
export default function ConsultPage() {
  const { params } = useRouter()
  const id = readQueryParam(params.id) ?? ''
  const data = useLoader<Data>()
  // One line over the consultation read again after the summary was filed (a lost answer's, or a colleague's).
  const [notice, setNotice] = useState<string | null>(null)
  const load = () =>
    data.run(async () => {
      const me = await getMe()
      const consultation = await getConsultation(id)
      const staff = isStaffOf(me, consultation.villageCode)
      return {
        me,
        consultation,
        mine: await getMyConsultationAnswers(id),
        participants: staff ? await getConsultationParticipants(id) : null,
      }
    })
  useDidShow(() => {
    void load()
  })

  const state = data.state
  if (state.kind !== 'ready')
    return (
      <PageRoot>
        <LoadStateBox state={state} onRetry={() => void load()} />
      </PageRoot>
    )
  const { me, consultation: c, mine, participants } = state.data
  const secretary = me.roles.some((g) => g.role === 'secretary' && g.regionCode === c.villageCode)
  return (
    <PageRoot className="cw-decide cw-consult" data-id={c.id} data-closed={c.closed ? 'yes' : 'no'}>
      <Text className="cw-decide__title">{c.title}</Text>
      <Text className="cw-decide__subtitle">{unitWords(c)}</Text>
      <View className={`cw-decide__notice${c.closed ? '' : ' cw-decide__notice--warn'} cw-consult__status`}>
        {statusWords(c)}
      </View>
      <Text className="cw-decide__section">征求意见稿</Text>
      <Text className="cw-consult__draft">{c.draft}</Text>
      {c.attachments.map((a) => (
        <View
          key={a.fileId}
          className="cw-decide__line cw-consult__file"
          role="link"
          onClick={() => void Taro.navigateTo({ url: pageUrl(Routes.Disclosure, { id: a.disclosureId }) })}
        >
          附件：{a.filename}
        </View>
      ))}
      {!c.closed && (
        <View>
          <Text className="cw-decide__section">填写意见</Text>
          <AnswerForm
            consultation={c}
            entitlements={mine.entitlements}
            // Only what was answered is read again: the form stays as it is (whom one answers for, the choices).
            onSaved={() =>
              void getMyConsultationAnswers(id).then(
                (fresh) => data.set({ ...state.data, mine: fresh }),
                () => undefined,
              )
            }
          />
        </View>
      )}
      {c.closed && c.tally && <ResultView consultation={c} tally={c.tally} />}
      {notice && (
        <View className="cw-decide__notice cw-consult__notice" role="status">
          {notice}
        </View>
      )}
      {participants && (
        <StaffPanel
          consultation={c}
          participants={participants}
          maySummarise={secretary}
          onSummarised={(line) => {
            setNotice(line ?? null)
            void load()
          }}
        />
      )}
    </PageRoot>
  )
}
