"""Character tables the extractors share (stage: analyse).

Every mapping is one character to one character, so offsets in a normalised copy of a text
are offsets in the text: regexes and jieba run on the copy, results are sliced from the
original. Not a full Traditional→Simplified converter (phrase converters such as OpenCC may
change the length of the text): the Traditional forms of numerals, time words, measure words
and common indicator nouns, so the Simplified patterns and dictionary apply to both scripts.
"""

from __future__ import annotations

FULLWIDTH_DIGITS = {chr(0xFF10 + i): str(i) for i in range(10)}

_PAIRS = (  # Traditional, Simplified, Traditional, Simplified, ...
    "來来個个們们備备價价億亿內内兩两創创劃划動动務务勞劳區区員员單单噸吨國国園园團团報报場场學学實实將将對对屆届層层崗岗師师幫帮幹干幾几廠厂張张後后從从戶户據据數数"
    "於于時时會会東东條条棟栋業业構构樂乐標标橋桥機机檢检歲岁淩凌準准濟济為为營营現现環环產产畝亩畫划當当發发盞盏稅税種种窮穷筆笔節节紀纪約约級级絕绝經经綠绿網网線线"
    "縣县總总聯联職职臺台與与華华萬万蓋盖處处號号衛卫規规計计設设該该課课讀读貧贫貨货貿贸資资車车輕轻輛辆輸输農农這这週周進进遊游運运過过達达選选鄉乡醫医釐厘銷销鋼钢"
    "鎮镇鐘钟鐵铁長长門门開开間间關关際际隻只雙双雜杂電电頃顷項项頭头顆颗額额類类養养餘余點点黨党齡龄"
)
TRADITIONAL_TO_SIMPLIFIED = {_PAIRS[i]: _PAIRS[i + 1] for i in range(0, len(_PAIRS), 2)}
