FROM python:3.12-slim-bookworm
ENV PYTHONUNBUFFERED=1 UV_PYTHON_DOWNLOADS=never UV_PROJECT_ENVIRONMENT=/opt/venv PATH=/opt/venv/bin:$PATH
RUN pip install --no-cache-dir uv==0.13.9 && apt-get update && apt-get install -y --no-install-recommends gettext curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
RUN uv sync --frozen --no-dev && python manage.py compilemessages --ignore=.venv \
    && LISKO_SECRET_KEY=build LISKO_DEBUG=false python manage.py collectstatic --noinput
RUN useradd --system lisko && mkdir -p /app/var && chown lisko /app/var
USER lisko
EXPOSE 8000
CMD ["gunicorn", "lisko.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
