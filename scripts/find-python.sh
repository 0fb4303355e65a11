#!/usr/bin/env sh
# Print the path of a Python 3.12 or 3.13 interpreter (Django 6 needs ≥ 3.12), or fail.
for candidate in python3.12 python3.13 \
    /usr/bin/python3.12 /usr/local/bin/python3.12 \
    /root/.pyenv/versions/3.12*/bin/python3.12 /root/.pyenv/versions/3.13*/bin/python3.13; do
    path=$(command -v "$candidate" 2>/dev/null) || continue
    if "$path" -c 'import sys; sys.exit(0 if (3, 12) <= sys.version_info[:2] < (3, 14) else 1)' 2>/dev/null; then
        echo "$path"
        exit 0
    fi
done
echo "Lisko needs Python 3.12 or 3.13; none was found." >&2
exit 1
