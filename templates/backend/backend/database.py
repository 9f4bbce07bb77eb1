"""Database connection (SQLAlchemy + psycopg2), configured from the environment."""

from os import getenv

from sqlalchemy import create_engine
from sqlalchemy.engine import URL
from sqlalchemy.orm import declarative_base, sessionmaker

SQLALCHEMY_DATABASE_URL = URL.create(
    "postgresql+psycopg2",
    username=getenv("POSTGRES_USER", "postgres"),
    password=getenv("POSTGRES_PASSWORD", "postgres"),
    host=getenv("POSTGRES_HOST", "localhost"),
    port=int(getenv("POSTGRES_PORT", "5432")),
    database=getenv("POSTGRES_DB", "user"),
)

engine = create_engine(
    SQLALCHEMY_DATABASE_URL,
    pool_pre_ping=True,  # survive a database restart
    connect_args={"connect_timeout": 5},  # fail fast while the database is down
)
SessionLocal = sessionmaker(autocommit=False, autoflush=False, bind=engine)

Base = declarative_base()
