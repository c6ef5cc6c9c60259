package dev.charter.moderation;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;

/**
 * Turns text into the form rules are matched against, remembering where each character came from so a
 * match can be masked in the original. Steps: drop invisible format characters (zero-width space and
 * joiners, soft hyphen, BOM); NFKC (full-width and stylised letters); strip accents; case fold; map common
 * confusables (Cyrillic and Greek look-alikes) and leetspeak ({@code 0 1 3 4 5 7 @ $ !} next to letters).
 * The result is a sequence of words: runs of letters and digits. Apostrophes join ("it's" is one word);
 * everything else separates. A run of three or more one-letter words ("a s s", "k.i.l.l") is read as one
 * word, which defeats spacing evasions without joining ordinary words together.
 */
final class TextNormalizer {

    private static final Map<Character, Character> CONFUSABLES = Map.ofEntries(
            // Cyrillic
            Map.entry('а', 'a'),
            Map.entry('в', 'b'),
            Map.entry('е', 'e'),
            Map.entry('ё', 'e'),
            Map.entry('к', 'k'),
            Map.entry('м', 'm'),
            Map.entry('н', 'h'),
            Map.entry('о', 'o'),
            Map.entry('р', 'p'),
            Map.entry('с', 'c'),
            Map.entry('т', 't'),
            Map.entry('у', 'y'),
            Map.entry('х', 'x'),
            Map.entry('і', 'i'),
            Map.entry('ї', 'i'),
            Map.entry('ј', 'j'),
            Map.entry('ѕ', 's'),
            Map.entry('ԁ', 'd'),
            Map.entry('ԛ', 'q'),
            Map.entry('ԝ', 'w'),
            // Greek
            Map.entry('α', 'a'),
            Map.entry('β', 'b'),
            Map.entry('ε', 'e'),
            Map.entry('η', 'n'),
            Map.entry('ι', 'i'),
            Map.entry('κ', 'k'),
            Map.entry('ν', 'v'),
            Map.entry('ο', 'o'),
            Map.entry('ρ', 'p'),
            Map.entry('τ', 't'),
            Map.entry('υ', 'u'),
            Map.entry('χ', 'x'),
            Map.entry('ς', 's'),
            Map.entry('σ', 's'),
            // Latin look-alikes NFKC keeps apart
            Map.entry('ı', 'i'),
            Map.entry('ł', 'l'),
            Map.entry('ø', 'o'),
            Map.entry('đ', 'd'),
            Map.entry('ħ', 'h'));

    /** Leetspeak: {@code LEET_FROM.charAt(k)} reads as {@code LEET_TO.charAt(k)}. */
    private static final String LEET_FROM = "013457@$!";

    private static final String LEET_TO = "oieastasi";

    private static final int RUN_OF_LETTERS = 3;

    /**
     * The normalised words, concatenated. {@code start[i]}/{@code end[i]} delimit the original characters of
     * {@code chars[i]} (both may be longer than {@code chars}); {@code wordStart[i]}/{@code wordEnd[i]} say
     * whether a word begins before / ends after it.
     */
    record Normalized(char[] chars, int[] start, int[] end, boolean[] wordStart, boolean[] wordEnd) {
        int length() {
            return chars.length;
        }
    }

    private TextNormalizer() {}

    /** ASCII is its own NFKC and NFD form and has no accents, format characters or confusables: only case. */
    private static final String[] ASCII_FOLDED = new String[0x80];

    static {
        for (char c = 0; c < 0x80; c++) {
            ASCII_FOLDED[c] = String.valueOf(Character.toLowerCase(c));
        }
    }

    /** NFKC, then decomposed so accents can be dropped, then case-folded. */
    private static String fold(int cp) {
        String piece = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC);
        piece = Normalizer.normalize(piece, Normalizer.Form.NFD);
        return piece.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    static Normalized normalize(String text) {
        // 1. per code point: drop invisibles, NFKC, strip accents, case fold, confusables
        int n = text.length();
        StringBuilder folded = new StringBuilder(n);
        // ASCII folds one to one; the rarer characters that expand (ligatures) grow the arrays below.
        int[] from = new int[n + 8];
        int[] to = new int[n + 8];
        for (int i = 0; i < n; ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (cp < 0x80 || Character.getType(cp) != Character.FORMAT) {
                String piece = cp < 0x80 ? ASCII_FOLDED[cp] : fold(cp);
                for (int k = 0; k < piece.length(); k++) {
                    char c = piece.charAt(k);
                    if (Character.getType(c) == Character.NON_SPACING_MARK) {
                        continue;
                    }
                    if (folded.length() >= from.length) {
                        from = java.util.Arrays.copyOf(from, from.length * 2);
                        to = java.util.Arrays.copyOf(to, to.length * 2);
                    }
                    from[folded.length()] = i;
                    to[folded.length()] = next;
                    folded.append(c < 0x80 ? c : CONFUSABLES.getOrDefault(c, c));
                }
            }
            i = next;
        }
        // 2. leetspeak where it touches letters; classify every character
        int m = folded.length();
        char[] chars = new char[m];
        byte[] kind = new byte[m]; // 0 separator, 1 word character, 2 joiner (apostrophe, dropped)
        boolean[] numeric = numericRuns(folded);
        for (int i = 0; i < m; i++) {
            char c = folded.charAt(i);
            int leet = LEET_FROM.indexOf(c);
            if (leet >= 0 && !numeric[i] && leetInContext(folded, i)) {
                c = LEET_TO.charAt(leet);
            }
            chars[i] = c;
            kind[i] = (byte) (Character.isLetterOrDigit(c) ? 1 : (c == '\'' || c == '’') ? 2 : 0);
        }
        return words(chars, kind, from, to);
    }

    /** Marks runs of letter-like characters made only of digits: a number ("455") is not leetspeak. */
    private static boolean[] numericRuns(CharSequence s) {
        boolean[] numeric = new boolean[s.length()];
        int i = 0;
        while (i < s.length()) {
            if (!letterish(s.charAt(i))) {
                i++;
                continue;
            }
            int end = i;
            boolean digitsOnly = true;
            while (end < s.length() && letterish(s.charAt(end))) {
                digitsOnly &= Character.isDigit(s.charAt(end));
                end++;
            }
            for (int k = i; k < end; k++) {
                numeric[k] = digitsOnly;
            }
            i = end;
        }
        return numeric;
    }

    /** '!' only before a letter ("sh!t", not "wow!"); the others when a letter or leet character is beside them. */
    private static boolean leetInContext(CharSequence s, int i) {
        boolean before = i > 0 && letterish(s.charAt(i - 1));
        boolean after = i + 1 < s.length() && letterish(s.charAt(i + 1));
        if (s.charAt(i) == '!') {
            return after && Character.isLetter(s.charAt(i + 1));
        }
        return before || after;
    }

    private static boolean letterish(char c) {
        return Character.isLetter(c) || (c != '!' && LEET_FROM.indexOf(c) >= 0);
    }

    private static Normalized words(char[] chars, byte[] kind, int[] from, int[] to) {
        // In place of lists and builders: one message allocates this per send, so only arrays, sized once.
        char[] out = new char[chars.length];
        int[] start = new int[chars.length];
        int[] end = new int[chars.length];
        int[] wordFirst = new int[chars.length / 2 + 1]; // words, as [wordFirst[w], wordLast[w]) in out
        int[] wordLast = new int[chars.length / 2 + 1];
        int len = 0;
        int words = 0;
        int i = 0;
        while (i < chars.length) {
            if (kind[i] != 1) {
                i++;
                continue;
            }
            int first = len;
            while (i < chars.length && kind[i] != 0) {
                if (kind[i] == 1) {
                    start[len] = from[i];
                    end[len] = to[i];
                    out[len++] = chars[i];
                }
                i++;
            }
            wordFirst[words] = first;
            wordLast[words++] = len;
        }
        boolean[] wordStart = new boolean[len];
        boolean[] wordEnd = new boolean[len];
        for (int w = 0; w < words; ) {
            int runEnd = w;
            while (runEnd < words && wordLast[runEnd] - wordFirst[runEnd] == 1) {
                runEnd++;
            }
            if (runEnd - w >= RUN_OF_LETTERS) {
                wordStart[wordFirst[w]] = true;
                wordEnd[wordLast[runEnd - 1] - 1] = true;
                w = runEnd;
            } else {
                wordStart[wordFirst[w]] = true;
                wordEnd[wordLast[w] - 1] = true;
                w++;
            }
        }
        // start and end are only read at positions below len: they keep their spare room.
        return new Normalized(
                len == out.length ? out : java.util.Arrays.copyOf(out, len), start, end, wordStart, wordEnd);
    }

    /** A rule term in matching form: its words' characters, concatenated. */
    static String term(String term) {
        return new String(normalize(term).chars());
    }
}
