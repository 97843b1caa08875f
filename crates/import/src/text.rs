//! Line and field splitting shared by the CSV importers, keeping 1-based positions.

/// One field of a row: its text (quotes removed) and its 1-based column.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Field {
    pub(crate) text: String,
    pub(crate) column: usize,
}

/// The lines of a file with their 1-based numbers; `\r\n` and `\n` both end a line,
/// and a byte-order mark at the start is dropped.
pub(crate) fn lines(text: &str) -> Vec<(usize, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.split('\n').enumerate().map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l))).collect()
}

/// Splits a row by KTAB's rules: a field wrapped in double quotes (opening quote at the
/// start of the field) may contain commas; `$$` inside a field stands for a comma; one
/// trailing comma is ignored. Text keeps its spaces.
pub(crate) fn ktab_fields(line: &str) -> Vec<Field> {
    let mut fields = split(line, false);
    if fields.len() > 1 && line.ends_with(',') && fields.last().is_some_and(|f| f.text.is_empty()) {
        fields.pop();
    }
    for f in &mut fields {
        f.text = f.text.replace("$$", ",");
    }
    fields
}

/// Splits a row of an ordinary CSV file (RFC 4180: `""` inside quotes is a quote).
pub(crate) fn csv_fields(line: &str) -> Vec<Field> {
    split(line, true)
}

fn split(line: &str, doubled_quotes: bool) -> Vec<Field> {
    let chars: Vec<char> = line.chars().collect();
    let mut fields = Vec::new();
    let mut i = 0;
    loop {
        let column = i + 1;
        let mut text = String::new();
        let starts_quoted = chars.get(i) == Some(&'"');
        if starts_quoted {
            i += 1;
            while i < chars.len() {
                match chars[i] {
                    '"' if doubled_quotes && chars.get(i + 1) == Some(&'"') => {
                        text.push('"');
                        i += 2;
                    }
                    '"' => {
                        i += 1;
                        break;
                    }
                    c => {
                        text.push(c);
                        i += 1;
                    }
                }
            }
        }
        // Unquoted text, or whatever follows a closing quote, up to the next comma.
        while i < chars.len() && chars[i] != ',' {
            text.push(chars[i]);
            i += 1;
        }
        fields.push(Field { text, column });
        if i >= chars.len() {
            break;
        }
        i += 1; // the comma
    }
    fields
}

/// Parses a number with optional surrounding spaces.
pub(crate) fn number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|x| x.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(fields: Vec<Field>) -> Vec<String> {
        fields.into_iter().map(|f| f.text).collect()
    }

    #[test]
    fn ktab_rules() {
        assert_eq!(texts(ktab_fields("a, b ,\"c,d\",e$$f,")), vec!["a", " b ", "c,d", "e,f"]);
        assert_eq!(ktab_fields("x,\"y\"")[1].column, 3);
        assert_eq!(texts(csv_fields("\"say \"\"hi\"\"\",2")), vec!["say \"hi\"", "2"]);
        assert_eq!(lines("a\r\nb\n").iter().map(|l| l.1).collect::<Vec<_>>(), vec!["a", "b", ""]);
    }
}
