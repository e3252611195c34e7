import { useLoad, useRouter } from '@tarojs/taro'
import type { AlignmentDto } from '@cunwu/domain'
import { AlignmentView } from '@/components/alignment'
import { useLoader } from '@/hooks/use-loader'
import { getDisclosureAlignment } from '@/services/api/alignments'
import { readQueryParam } from '@/routes'
import { PageRoot } from '@/components/page-root'
import { LoadStateBox } from '@/components/load-error'
import './index.scss'
import { MissingLinkPartError } from '@/utils/errors'

/** What villagers see behind a disclosure's alignment badge: agreement with the township/county list, or why not. */
export default function AlignmentDetailPage() {
  const page = useLoader<AlignmentDto>()
  const disclosureId = readQueryParam(useRouter().params.disclosure)
  const load = () =>
    page.run(async () => {
      if (!disclosureId) throw new MissingLinkPartError('disclosureId')
      return getDisclosureAlignment(disclosureId)
    })
  useLoad(() => {
    void load()
  })
  const state = page.state
  if (state.kind !== 'ready')
    return (
      <PageRoot>
        <LoadStateBox state={state} onRetry={() => void load()} loadingText="正在读取对照结果…" />
      </PageRoot>
    )
  return (
    <PageRoot className="cw-alignment-detail">
      <AlignmentView alignment={state.data} />
    </PageRoot>
  )
}
