from ml.tokenizer import Tokenizer, detect_language, normalise, split_tokens, token_features


def test_every_token_points_at_its_own_characters_in_the_original_text():
    text = "I kept checking ＩＮＳＴＡＧＲＡＭ… didn’t start 😩 刷抖音停不下来!!"
    for token in split_tokens(text):
        assert normalise(text[token.start : token.end]) == token.norm


def test_normalising_keeps_the_length_of_the_text():
    text = "Ａｂｃ\u200b\u200dé\ufb01\u2028x"
    assert len(normalise(text)) == len(text)


def test_latin_words_are_lower_cased_and_keep_their_apostrophes():
    norms = [t.norm for t in split_tokens("Didn’t open Slack")]
    assert norms == ["didn't", "open", "slack"]


def test_each_chinese_character_is_a_token_with_its_bigrams():
    tokens = split_tokens("刷抖音")
    assert [t.norm for t in tokens] == ["刷", "抖", "音"]
    features = token_features(tokens)
    assert features[1] == ("c:抖", "b:刷抖", "b:抖音")


def test_a_typo_still_shares_most_sub_word_pieces_with_the_word():
    [right] = token_features(split_tokens("instagram"))
    [typo] = token_features(split_tokens("instgram"))
    shared = set(right) & set(typo)
    assert len(shared) >= 4
    assert "w:instgram" not in right


def test_zero_width_and_control_characters_are_treated_as_spaces():
    tokens = split_tokens("pho\u200bne\x00 day")
    assert [t.norm for t in tokens] == ["pho", "ne", "day"]


def test_emoji_and_punctuation_are_single_character_tokens():
    assert [t.kind for t in split_tokens("😩!")] == ["other", "other"]


def test_unknown_features_map_to_unk_and_the_vocabulary_round_trips():
    tokenizer = Tokenizer.train(["phone phone notes", "phone notes"], min_count=2)
    encoding = tokenizer.encode("phone zzzzqq")
    assert encoding.spans == [(0, 5), (6, 12)]
    assert encoding.ids[1] == [1]
    again = Tokenizer.from_dict(tokenizer.to_dict())
    assert again.encode("phone zzzzqq") == encoding


def test_encoding_more_than_max_tokens_is_truncated_and_says_so():
    tokenizer = Tokenizer.train(["a b c"], min_count=1)
    encoding = tokenizer.encode("a b c a b c", max_tokens=4)
    assert encoding.truncated
    assert len(encoding.ids) == len(encoding.spans) == 4


def test_language_is_detected_from_the_script():
    assert detect_language("今天图书馆太吵了") == "zh"
    assert detect_language("library was loud") == "en"
    assert detect_language("背了50个GRE单词") == "zh"
    assert detect_language("") == "en"
