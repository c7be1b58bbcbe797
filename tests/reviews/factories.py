import factory

from catalog.models import ProductImage
from reviews.models import Review
from tests.factories.catalog import ProductFactory


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    product = factory.SubFactory(ProductFactory, variants=0)
    customer_name = factory.Sequence(lambda n: f"Покупатель {n}")
    content = "Хороший товар"
    score = 5


def add_image(product, public_id="aff3c7f1-8b7c-47ea-a3a9-e9a52e476c12.jpg", pos=10000):
    return ProductImage.objects.create(product=product, public_id=public_id, file=f"images/af/{public_id}", pos=pos)
