app_name = "anamnesis"

urlpatterns = []
