"""Tables (SQLAlchemy) and request/response bodies (Pydantic)."""

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Column, Float, Integer, String

from .database import Base


class Product(Base):
    __tablename__ = "products"

    id = Column(Integer, primary_key=True, index=True)
    name = Column(String, index=True)
    description = Column(String)
    price = Column(Float)


class ProductCreate(BaseModel):
    name: str
    description: str | None = None
    price: float


class ProductRead(ProductCreate):
    model_config = ConfigDict(from_attributes=True)

    id: int
