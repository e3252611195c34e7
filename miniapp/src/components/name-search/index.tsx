import { Input, Text, View } from '@tarojs/components'
import './index.scss'

/** Props of {@link NameSearch}. */
export interface NameSearchProps {
  /** What to type, shown above the box and read out as its name (找村：输入村名中的字). */
  label: string
  placeholder: string
  value: string
  onInput: (value: string) => void
  /** What the search found, said while something is typed (找到 3 个村). */
  found: string
}

/**
 * A box to find a region in a long list by typing part of its name (`namesContaining`), with what it found said
 * below it as the list narrows.
 */
export function NameSearch({ label, placeholder, value, onInput, found }: NameSearchProps) {
  return (
    <View className="cw-name-search">
      <Text className="cw-name-search__label">{label}</Text>
      <Input
        className="cw-input cw-name-search__input"
        type="text"
        // Its name for assistive technology: on the element in weapp, and in H5 on the <input> inside Taro's web
        // component (nativeProps), which the label above is not tied to.
        aria-label={label}
        nativeProps={{ 'aria-label': label }}
        value={value}
        placeholder={placeholder}
        maxlength={20}
        onInput={(e) => onInput(e.detail.value)}
      />
      {value.trim() !== '' && (
        <View className="cw-name-search__found" role="status">
          {found}
        </View>
      )}
    </View>
  )
}
